package io.nflint.walk;

import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftFamily;
import io.nflint.ir.nft.NftHook;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import io.nflint.lower.nft.NftLoweredRule;
import io.nflint.lower.nft.NftLowering;
import io.nflint.pipeline.Hook;
import io.nflint.pipeline.HookOrder;
import io.nflint.pipeline.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The native nftables tables a walk runs next to the xtables ones: their base chains placed in each
 * hook plan by {@link HookOrder}, each table's rules lowered once.
 *
 * <p>Registration order, for chains at the same hook and priority (the one registered last runs
 * first): the order {@code nft list hooks} printed when the ruleset came with the host's
 * {@code nft-hooks.txt}; otherwise the ruleset's own order (a later table, and a later chain in a
 * table, was loaded later), and the iptables dump's tables count as loaded before the nft ruleset.
 * Tables of an iptables-nft host that the iptables dump already shows (an xtables table name whose
 * rules carry {@code xt} expressions or that has the built-in upper-case chains) are not walked twice.
 */
public final class NftPipeline {

    private static final Set<String> XTABLES = Set.of("filter", "nat", "mangle", "raw", "security");
    private static final Set<String> BUILTIN_CHAINS = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");
    /** Ranks from nft-hooks.txt sit above every rank taken from file order. */
    private static final int HOOKS_FILE_RANK = 1_000_000;

    private final Map<String, NftTable> tables = new HashMap<>();
    private final Map<NftTable, NftLowering> lowerings = new IdentityHashMap<>();
    private final Map<NftRule, NftLoweredRule> lowered = new IdentityHashMap<>();
    private final List<HookOrder.Registration> v4 = new ArrayList<>();
    private final List<HookOrder.Registration> v6 = new ArrayList<>();
    private final Optional<io.nflint.ir.nft.NftHooks> hooks;
    private final Map<List<Stage>, List<Stage>> plans4 = new HashMap<>();
    private final Map<List<Stage>, List<Stage>> plans6 = new HashMap<>();
    private final List<String> skipped = new ArrayList<>();

    public NftPipeline(NftRuleset ruleset, List<Ruleset> xtables) {
        this.hooks = ruleset.hooks();
        boolean have4 = xtables.stream().anyMatch(r -> r != null && r.family() == Family.IPV4);
        boolean have6 = xtables.stream().anyMatch(r -> r != null && r.family() == Family.IPV6);
        int rank = 0;
        for (NftTable t : ruleset.tables()) {
            NftFamily f = t.family();
            if (f != NftFamily.IP && f != NftFamily.IP6 && f != NftFamily.INET) {
                continue;
            }
            if (((f == NftFamily.IP && have4) || (f == NftFamily.IP6 && have6)) && isXtablesCopy(t)) {
                skipped.add(f.keyword() + " " + t.name());
                continue;
            }
            tables.put(key(f.keyword(), t.name()), t);
            for (NftChain c : t.chains()) {
                if (c.base().isEmpty()) {
                    continue;
                }
                Hook hook = hook(c.base().get().hook());
                if (hook == null) {
                    continue;
                }
                rank++;
                Stage.NftBase s = new Stage.NftBase(f.keyword(), t.name(), c.name(), c.base().get().type(), hook,
                        c.base().get().priority());
                if (f != NftFamily.IP6) {
                    v4.add(new HookOrder.Registration(s, hooksRank(s, "ip").orElse(rank)));
                }
                if (f != NftFamily.IP) {
                    v6.add(new HookOrder.Registration(s, hooksRank(s, "ip6").orElse(rank)));
                }
            }
        }
    }

    /** Tables left out because the iptables dump shows them ("ip filter"). */
    public List<String> skipped() {
        return skipped;
    }

    private static boolean isXtablesCopy(NftTable t) {
        if (!XTABLES.contains(t.name())) {
            return false;
        }
        for (NftChain c : t.chains()) {
            if (BUILTIN_CHAINS.contains(c.name())) {
                return true;
            }
            for (NftRule r : c.rules()) {
                if (r.statements().stream().anyMatch(s -> s instanceof NftStmt.Action a && a.name().equals("xt"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The IP hook an nft base chain's {@code hook} keyword names; null for ingress, egress and bridge-only hooks. */
    public static Hook hook(String name) {
        return switch (name) {
            case "prerouting" -> Hook.PREROUTING;
            case "input" -> Hook.INPUT;
            case "forward" -> Hook.FORWARD;
            case "output" -> Hook.OUTPUT;
            case "postrouting" -> Hook.POSTROUTING;
            default -> null;
        };
    }

    private static String key(String family, String table) {
        return family + " " + table;
    }

    /** The rank nft-hooks.txt gives a chain at its hook: printed earlier, runs earlier, so registered later. */
    private Optional<Integer> hooksRank(Stage.NftBase s, String block) {
        return position(block, s.hook(), s.family(), s.table(), s.chain());
    }

    private Optional<Integer> position(String block, Hook hook, String family, String table, String chain) {
        if (hooks.isEmpty()) {
            return Optional.empty();
        }
        String hookName = hook.name().toLowerCase(Locale.ROOT);
        int pos = 0;
        for (NftHook h : hooks.get().hooks()) {
            if (!h.family().equals(block) || !h.hook().equals(hookName) || h.device().isPresent()) {
                continue;
            }
            pos++;
            if (h.kind().equals("chain") && h.objectFamily().equals(family) && h.table().equals(table)
                    && h.name().equals(chain)) {
                return Optional.of(HOOKS_FILE_RANK - pos);
            }
        }
        return Optional.empty();
    }

    /** An xtables table's rank: from nft-hooks.txt (iptables-nft's chains are listed there), else 0. */
    private int xtablesRank(Stage.Chain c, boolean v6) {
        return position(v6 ? "ip6" : "ip", c.hook(), v6 ? "ip6" : "ip", c.table(), c.chain()).orElse(0);
    }

    /** {@code base} with this ruleset's base chains of the packet's family placed in it. */
    public List<Stage> plan(List<Stage> base, boolean v6) {
        Map<List<Stage>, List<Stage>> cache = v6 ? plans6 : plans4;
        synchronized (cache) {
            return cache.computeIfAbsent(List.copyOf(base),
                    b -> HookOrder.merge(b, v6 ? this.v6 : v4, c -> xtablesRank(c, v6)));
        }
    }

    public NftTable table(String family, String name) {
        return tables.get(key(family, name));
    }

    public NftLoweredRule lowered(NftTable table, NftRule rule) {
        synchronized (lowered) {
            NftLoweredRule l = lowered.get(rule);
            if (l == null) {
                l = lowerings.computeIfAbsent(table, NftLowering::new).lower(rule);
                lowered.put(rule, l);
            }
            return l;
        }
    }

    TableVerdict walkChain(Run run, Stage.NftBase stage) {
        return new NftChainWalk(run, this, stage).walk();
    }

    public boolean isEmpty() {
        return v4.isEmpty() && v6.isEmpty();
    }
}
