package io.nflint.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One hook pipeline for all tables: the nftables base chains of native tables placed among a
 * {@link HookPlan}'s stages the way {@code nf_hook_entries_grow} orders a hook's functions.
 *
 * <ul>
 *   <li>Ascending priority. At equal priority the function registered last runs first (the kernel
 *       inserts a new entry before the first one whose priority is not lower).</li>
 *   <li>nat chains (nft {@code type nat} and the xtables nat table alike) are not hook functions of
 *       their own: {@code nf_nat_register_fn} puts them into the NAT core's list, which runs at
 *       dstnat (−100) on prerouting/output and at srcnat (100) on input/postrouting; within it they
 *       run in their own priority order.</li>
 *   <li>The kernel's own steps keep their places: conntrack at −200 (registered before any table),
 *       the recorded NAT of later packets at the NAT core, routing and confirmation after the hook.</li>
 * </ul>
 *
 * Registration order is given by {@code rank}: a higher rank was registered later.
 */
public final class HookOrder {

    private HookOrder() {
    }

    /** An nft base chain and its registration rank (higher: registered later, runs first at equal priority). */
    public record Registration(Stage.NftBase stage, int rank) {
    }

    private record Key(long primary, long secondary, long order) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(primary, o.primary);
            if (c == 0) {
                c = Long.compare(secondary, o.secondary);
            }
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private record Placed(Stage stage, Hook context, Key key) {
    }

    private static final long LAST = (long) Integer.MAX_VALUE + 1;

    /** The NAT core's priority at a hook: destination NAT on the way in, source NAT on the way out. */
    public static int natCore(Hook hook) {
        return hook == Hook.PREROUTING || hook == Hook.OUTPUT ? Priorities.NAT_DST : Priorities.NAT_SRC;
    }

    /**
     * {@code base} with {@code nft} inserted; {@code xtablesRank} gives the rank of an xtables table's
     * chain. A registration whose hook has no chain stage in {@code base} is left out (that path does
     * not pass the hook).
     */
    public static List<Stage> merge(List<Stage> base, List<Registration> nft, ToIntFunction<Stage.Chain> xtablesRank) {
        if (nft.isEmpty()) {
            return base;
        }
        List<Placed> out = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            Stage s = base.get(i);
            Hook h = context(base, i);
            out.add(new Placed(s, h, keyOf(s, chainBefore(base, i), xtablesRank)));
        }
        for (Registration r : nft) {
            Stage.NftBase n = r.stage();
            Key k = n.nat() ? new Key(natCore(n.hook()), n.priority(), -r.rank())
                    : new Key(n.priority(), n.priority(), -r.rank());
            int at = -1;
            int lastOfHook = -1;
            for (int i = 0; i < out.size(); i++) {
                Placed p = out.get(i);
                if (p.context() != n.hook()) {
                    continue;
                }
                lastOfHook = i;
                if (at < 0 && p.key().compareTo(k) > 0) {
                    at = i;
                }
            }
            if (lastOfHook < 0) {
                continue;
            }
            out.add(at >= 0 ? at : lastOfHook + 1, new Placed(n, n.hook(), k));
        }
        return out.stream().map(Placed::stage).toList();
    }

    /** The hook a stage belongs to: that of the nearest IP chain before it, else after it. */
    private static Hook context(List<Stage> stages, int i) {
        for (int j = i; j >= 0; j--) {
            if (stages.get(j) instanceof Stage.Chain c && !c.bridgeFamily()) {
                return c.hook();
            }
        }
        for (int j = i + 1; j < stages.size(); j++) {
            if (stages.get(j) instanceof Stage.Chain c && !c.bridgeFamily()) {
                return c.hook();
            }
        }
        return null;
    }

    private static boolean chainBefore(List<Stage> stages, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (stages.get(j) instanceof Stage.Chain c && !c.bridgeFamily()) {
                return true;
            }
        }
        return false;
    }

    private static Key keyOf(Stage s, boolean afterAChain, ToIntFunction<Stage.Chain> xtablesRank) {
        if (s instanceof Stage.Chain c) {
            if (c.natOnly() && !c.bridgeFamily()) {
                return new Key(natCore(c.hook()), c.priority(), -xtablesRank.applyAsInt(c));
            }
            return new Key(c.priority(), c.priority(), -xtablesRank.applyAsInt(c));
        }
        if (s instanceof Stage.ConntrackLookup) {
            // registered when conntrack loads, before any table: at equal priority every chain runs first
            return new Key(Priorities.CONNTRACK, Priorities.CONNTRACK, Long.MAX_VALUE);
        }
        if (s instanceof Stage.ApplyRecordedNat a) {
            return new Key(a.destination() ? Priorities.NAT_DST : Priorities.NAT_SRC, Long.MIN_VALUE, 0);
        }
        // routing before OUTPUT, bridging decisions and confirmation after the hook's chains
        return afterAChain ? new Key(LAST, LAST, 0) : new Key(-LAST, -LAST, 0);
    }
}
