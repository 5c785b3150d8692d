package io.nflint.rules.checks.nft;

import io.nflint.rules.support.NftRefs;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftHook;
import io.nflint.ir.nft.NftHooks;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftTable;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host bundle's nft ruleset against its {@code nft list hooks}: what the kernel really runs. A base
 * chain of the ruleset that is registered at no hook (its netdev device is missing, or the ruleset on
 * disk is not the loaded one), one registered at another priority, a hook entry of a table or chain
 * the ruleset does not have (another program's ruleset, loaded after the dump was taken), and
 * iptables-legacy tables hooked beside nftables (their rules run too, and no nft listing shows them).
 */
@CheckInfo(id = "NFL611", name = "nft-hooks-mismatch", severity = Severity.WARNING,
        summary = "A bundle's nft ruleset and its nft list hooks disagree: a base chain not registered, another"
                + " priority, hooks of unknown tables, iptables-legacy tables hooked too")
public final class NftHooksMismatchCheck implements Check {

    /** iptables-legacy's table modules: iptable_filter, ip6table_nat, ebtable_broute, arptable_filter. */
    private static final Pattern LEGACY = Pattern.compile("(ip6?table|ebtable|arptable)_(\\w+)");

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftRuleset rs : context.nftRulesets()) {
            if (rs.hooks().isEmpty() || !NftRefs.complete(rs)) {
                continue;
            }
            check(rs, rs.hooks().get(), sink);
        }
    }

    private static void check(NftRuleset rs, NftHooks hooks, FindingSink sink) {
        Map<String, List<NftHook>> byObject = new LinkedHashMap<>();
        for (NftHook h : hooks.hooks()) {
            if (h.isNftObject()) {
                byObject.computeIfAbsent(h.objectFamily() + " " + h.table() + " " + h.name(), k -> new ArrayList<>()).add(h);
            }
        }
        Set<String> tables = new HashSet<>(hooks.tablesElsewhere());
        Set<String> objects = new HashSet<>();
        for (NftTable t : rs.tables()) {
            String table = t.family().keyword() + " " + t.name();
            tables.add(table);
            t.flowtables().forEach(f -> objects.add(table + " " + f.name()));
            for (NftChain c : t.chains()) {
                if (!c.isBase()) {
                    continue;
                }
                objects.add(table + " " + c.name());
                baseChain(t, c, byObject.getOrDefault(table + " " + c.name(), List.of()), hooks, sink);
            }
        }
        Set<String> reported = new HashSet<>();
        for (NftHook h : hooks.hooks()) {
            if (h.isNftObject()) {
                unknownObject(h, tables, objects, reported, rs, sink);
            } else {
                legacy(h, reported, sink);
            }
        }
    }

    private static void baseChain(NftTable t, NftChain c, List<NftHook> entries, NftHooks hooks, FindingSink sink) {
        var b = c.base().orElseThrow();
        String what = "base chain '" + c.name() + "' of " + NftRefs.where(t) + " (" + b.type() + " hook " + b.hook()
                + ", priority " + b.priority() + ")";
        if (entries.isEmpty()) {
            String why = b.devices().isEmpty() ? "the ruleset in this bundle is not the one the kernel runs"
                    : "its device" + (b.devices().size() == 1 ? " " + b.devices().get(0) : "s " + b.devices())
                    + " may not exist, or the ruleset in this bundle is not the one the kernel runs";
            sink.at(b.span(), what + " is registered at no hook in " + hooks.file() + ": " + why
                            + "; none of its rules filter packets")
                    .location(t.name(), c.name(), "")
                    .help("load the ruleset again (nft -f) and collect the bundle again, or check the device names")
                    .report();
            return;
        }
        NftHook other = entries.stream().filter(h -> h.priority() != b.priority()).findFirst().orElse(null);
        if (other != null) {
            sink.at(b.span(), what + " runs at priority " + other.priority() + " in the kernel ("
                            + hooks.file() + "): the order against other chains at hook " + other.hook()
                            + " is not the one the ruleset says")
                    .related(other.span(), "registered at priority " + other.priority())
                    .location(t.name(), c.name(), "")
                    .help("load the ruleset again (nft -f) and collect the bundle again")
                    .report();
        }
    }

    private static void unknownObject(NftHook h, Set<String> tables, Set<String> objects, Set<String> reported,
                                      NftRuleset rs, FindingSink sink) {
        String table = h.objectFamily() + " " + h.table();
        if (!tables.contains(table)) {
            if (reported.add("table " + table)) {
                sink.at(h.span(), "hook " + h.hook() + " runs " + h.kind() + " " + h.name() + " of table " + table
                                + ", which is not in " + rs.file() + ": the kernel filters with a table nflint does"
                                + " not see (loaded after the dump was taken, or by another program)")
                        .help("collect the bundle again, so that nft.rules holds every table the kernel runs")
                        .report();
            }
        } else if (!objects.contains(table + " " + h.name()) && reported.add("object " + table + " " + h.name())) {
            sink.at(h.span(), "hook " + h.hook() + " runs " + h.kind() + " " + h.name() + " of table " + table
                            + ", which " + rs.file() + " does not have as a base " + h.kind()
                            + ": the ruleset in this bundle is not the one the kernel runs")
                    .help("collect the bundle again, so that nft.rules and nft-hooks.txt are of one moment")
                    .report();
        }
    }

    private static void legacy(NftHook h, Set<String> reported, FindingSink sink) {
        Matcher m = LEGACY.matcher(h.module().orElse(""));
        if (!m.matches() || !reported.add("legacy " + m.group())) {
            return;
        }
        String tool = switch (m.group(1)) {
            case "ip6table" -> "ip6tables";
            case "ebtable" -> "ebtables";
            case "arptable" -> "arptables";
            default -> "iptables";
        };
        sink.at(h.span(), tool + "-legacy's " + m.group(2) + " table is hooked too (" + h.name() + " at " + h.hook()
                        + ", priority " + h.priority() + "): packets pass its rules as well as the nftables chains,"
                        + " and nft list ruleset does not show them")
                .severity(Severity.INFO)
                .help("check its rules too (" + tool + "-legacy-save), or remove them and unload " + m.group()
                        + " if nftables alone should filter")
                .report();
    }
}
