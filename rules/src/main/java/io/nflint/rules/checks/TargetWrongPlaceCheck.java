package io.nflint.rules.checks;

import io.nflint.rules.support.CallGraphs;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTest;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.Values;
import io.nflint.ir.target.Tcpmss;
import io.nflint.ir.target.Target;
import io.nflint.pipeline.CallGraph;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.TableScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Targets the kernel registers for one table and some hooks only. A rule in a user chain runs in
 * every hook whose built-in chain reaches it, so the kernel checks it against all of them and
 * refuses the jump (or the rule) when one is not allowed. Every limit below was observed with a
 * real iptables-restore of both backends in a throw-away network namespace; see the docs page.
 */
@CheckInfo(id = "NFL010", name = "target-wrong-place", severity = Severity.ERROR,
        summary = "A target in a table or chain where the kernel refuses it (DNAT outside nat PREROUTING/OUTPUT, REJECT outside filter, ...)")
public final class TargetWrongPlaceCheck implements Check {

    /** Where a target may stand: its table (null = any) and hooks (empty = every chain of it). */
    record Placement(String table, Set<String> hooks, boolean legacyOnly) {
    }

    private static final Set<String> ANY = Set.of();

    private static final Map<String, Placement> PLACES = Map.ofEntries(
            Map.entry("DNAT", new Placement("nat", Set.of("PREROUTING", "OUTPUT"), false)),
            Map.entry("REDIRECT", new Placement("nat", Set.of("PREROUTING", "OUTPUT"), false)),
            Map.entry("SNAT", new Placement("nat", Set.of("POSTROUTING", "INPUT"), false)),
            Map.entry("MASQUERADE", new Placement("nat", Set.of("POSTROUTING"), false)),
            Map.entry("NETMAP", new Placement("nat", ANY, false)),
            Map.entry("REJECT", new Placement("filter", ANY, false)),
            Map.entry("CT", new Placement("raw", ANY, false)),
            Map.entry("NOTRACK", new Placement("raw", ANY, false)),
            Map.entry("CHECKSUM", new Placement("mangle", ANY, false)),
            Map.entry("TPROXY", new Placement("mangle", Set.of("PREROUTING"), false)),
            // iptables-nft accepts TRACE anywhere; the legacy kernel module only in raw
            Map.entry("TRACE", new Placement("raw", ANY, true)));

    /** TCPMSS --clamp-mss-to-pmtu needs a route, which only these hooks have. */
    private static final Set<String> CLAMP_HOOKS = Set.of("FORWARD", "OUTPUT", "POSTROUTING");

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            if (!rs.family().isIp()) {
                continue;
            }
            for (Table t : rs.tables()) {
                if (!TableScope.isKnown(rs, t)) {
                    continue;
                }
                checkTable(context, t, sink);
            }
        }
    }

    private static void checkTable(CheckContext context, Table t, FindingSink sink) {
        CallGraph graph = null;
        Map<String, Set<String>> reaching = null;
        for (Chain c : t.chains()) {
            for (Rule r : c.rules()) {
                Target target = r.target();
                Placement place = PLACES.get(target.name());
                boolean tcpmss = target instanceof Tcpmss;
                if (place == null && !tcpmss) {
                    continue;
                }
                if (graph == null) {
                    graph = CallGraphs.of(context, t);
                    reaching = graph.reachingBuiltins();
                }
                Set<String> hooks = reaching.getOrDefault(c.name(), Set.of());
                if (tcpmss) {
                    checkTcpmss(graph, c, r, (Tcpmss) target, hooks, sink);
                } else {
                    checkPlacement(graph, c, r, place, hooks, sink);
                }
            }
        }
    }

    private static void checkPlacement(CallGraph graph, Chain c, Rule r, Placement place, Set<String> hooks,
                                       FindingSink sink) {
        String name = r.target().name();
        String table = graph.table().name();
        String allowed = describe(place);
        if (!place.table().equals(table)) {
            FindingSink.Report report = sink.at(r.target().span(), name + " in table '" + table + "', chain '" + c.name()
                    + "': the kernel allows " + name + " only " + allowed
                    + (place.legacyOnly() ? " with iptables-legacy (iptables-nft accepts it anywhere)" : ""))
                    .rule(r)
                    .help("move the rule " + allowed.replaceFirst("^in the ", "to the "));
            if (place.legacyOnly()) {
                report.severity(Severity.WARNING);
            }
            report.report();
            return;
        }
        reportWrongHooks(graph, c, r, name, place.hooks(), hooks, allowed, sink);
    }

    private static void checkTcpmss(CallGraph graph, Chain c, Rule r, Tcpmss tcpmss, Set<String> hooks,
                                    FindingSink sink) {
        String table = graph.table().name();
        if (!matchesTcp(LoweredRule.of(r))) {
            sink.at(r.target().span(), "TCPMSS in table '" + table + "', chain '" + c.name()
                            + "' without '-p tcp': the kernel accepts TCPMSS only in rules restricted to TCP")
                    .rule(r)
                    .help("add '-p tcp --tcp-flags SYN,RST SYN' to the rule")
                    .report();
            return;
        }
        if (!matchesSyn(LoweredRule.of(r))) {
            sink.at(r.target().span(), "TCPMSS in table '" + table + "', chain '" + c.name()
                            + "' without a SYN match: iptables-legacy refuses it (\"Only works on TCP SYN packets\");"
                            + " iptables-nft accepts it")
                    .rule(r)
                    .severity(Severity.WARNING)
                    .help("add '--tcp-flags SYN,RST SYN' (or '--syn') to the rule")
                    .report();
        }
        if (tcpmss.mss() < 0) {
            reportWrongHooks(graph, c, r, "TCPMSS --clamp-mss-to-pmtu", CLAMP_HOOKS, hooks,
                    "in FORWARD, OUTPUT and POSTROUTING", sink);
        }
    }

    private static void reportWrongHooks(CallGraph graph, Chain c, Rule r, String name, Set<String> allowedHooks,
                                         Set<String> hooks, String allowed, FindingSink sink) {
        if (allowedHooks.isEmpty()) {
            return;
        }
        List<String> wrong = new ArrayList<>();
        for (String h : hooks) {
            if (!allowedHooks.contains(h)) {
                wrong.add(h);
            }
        }
        if (wrong.isEmpty()) {
            return;
        }
        String table = graph.table().name();
        String message;
        if (c.builtin()) {
            message = name + " in " + table + " " + c.name() + ": the kernel allows it only " + allowed;
        } else {
            message = name + " in chain '" + c.name() + "', which " + table + " " + String.join(" and ", wrong)
                    + (wrong.size() == 1 ? " reaches" : " reach") + ": the kernel allows it only " + allowed
                    + " and user chains reached only from there, so it refuses the jump";
        }
        FindingSink.Report report = sink.at(r.target().span(), message).rule(r)
                .help(c.builtin() ? "move the rule " + allowed.replaceFirst("^in the ", "to the ")
                        : "do not jump to '" + c.name() + "' from " + String.join(" or ", wrong)
                        + ", or move this rule to a chain only " + allowed + " jump to");
        if (!c.builtin()) {
            for (CallGraph.Edge e : graph.path(wrong.get(0), c.name())) {
                report.related(e.span(), (e.isGoto() ? "goto " : "jump ") + e.from() + " -> " + e.to());
            }
        }
        report.report();
    }

    private static String describe(Placement p) {
        String where = "in the " + p.table() + " table";
        if (p.hooks().isEmpty()) {
            return where;
        }
        List<String> sorted = new ArrayList<>(p.hooks());
        sorted.sort(null);
        return where + " (" + String.join(", ", sorted) + ")";
    }

    private static boolean matchesTcp(LoweredRule r) {
        return FieldTests.whole(r, Field.L4PROTO).stream().anyMatch(p -> !p.negated() && p.interval().lo() == FieldTests.TCP);
    }

    /** {@code --syn} or {@code --tcp-flags} that require SYN set (the kernel looks for exactly this). */
    private static boolean matchesSyn(LoweredRule r) {
        for (FieldTest t : FieldTests.conjuncts(r, Field.TCP_FLAGS)) {
            Values.Masked f = (Values.Masked) t.values();
            if (!t.negated() && (f.mask() & SYN) != 0 && (f.value() & SYN) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The SYN bit of the tcp flags byte. */
    private static final int SYN = 0x02;
}
