package io.nflint.walk;

import io.nflint.ir.Chain;
import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.lower.Conjuncts;
import io.nflint.lower.Field;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.LoweredRuleset;
import io.nflint.lower.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rules of one iptables chain can match a packet, by the header fields no target changes
 * within a traversal (addresses, destination port, interfaces): the kernel scans a Docker DOCKER
 * chain or a kube-proxy KUBE-SERVICES chain rule by rule, and so did the walker, which made every
 * walk cost the chain's length. Each rule is filed under one exact-value key it requires — a
 * destination or source net (per mask), a destination port, an in or out interface — or, with none,
 * under "always"; {@link #next} merges the lists the packet's values select. A rule it skips has a
 * match that is FALSE for the packet, so the rule is FALSE whatever the other matches say (no
 * fork, no trace step): the walk is the same, only cheaper. Not for ebtables chains, whose {@code -i}
 * reads the bridge port.
 */
final class ChainIndex {

    /** Chains shorter than this are scanned: the lookups would cost more than the rules. */
    static final int MIN_RULES = 12;

    private static final int[] NONE = new int[0];

    private final int size;
    private final int[] always;
    /** Per mask, masked address → rule positions; one map per mask in the chain's -d nets. */
    private final Map<Ip, Map<Ip, int[]>> dst;
    private final Map<Ip, Map<Ip, int[]>> src;
    private final Map<Integer, int[]> dport;
    private final Map<String, int[]> in;
    private final Map<String, int[]> out;

    private ChainIndex(int size, int[] always, Map<Ip, Map<Ip, int[]>> dst, Map<Ip, Map<Ip, int[]>> src,
                       Map<Integer, int[]> dport, Map<String, int[]> in, Map<String, int[]> out) {
        this.size = size;
        this.always = always;
        this.dst = dst;
        this.src = src;
        this.dport = dport;
        this.in = in;
        this.out = out;
    }

    static ChainIndex of(Chain chain, LoweredRuleset lowered) {
        List<Rule> rules = chain.rules();
        List<Integer> always = new ArrayList<>();
        Map<Ip, Map<Ip, List<Integer>>> dst = new LinkedHashMap<>();
        Map<Ip, Map<Ip, List<Integer>>> src = new LinkedHashMap<>();
        Map<Integer, List<Integer>> dport = new HashMap<>();
        Map<String, List<Integer>> in = new HashMap<>();
        Map<String, List<Integer>> out = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            LoweredRule r = lowered.get(rules.get(i));
            if (file(r, i, Direction.DESTINATION, dst) || file(r, i, Direction.SOURCE, src)) {
                continue;
            }
            Integer port = exactDport(r);
            if (port != null) {
                dport.computeIfAbsent(port, k -> new ArrayList<>()).add(i);
                continue;
            }
            String o = exactIface(r, Field.OIFNAME);
            if (o != null) {
                out.computeIfAbsent(o, k -> new ArrayList<>()).add(i);
                continue;
            }
            String n = exactIface(r, Field.IIFNAME);
            if (n != null) {
                in.computeIfAbsent(n, k -> new ArrayList<>()).add(i);
                continue;
            }
            always.add(i);
        }
        return new ChainIndex(rules.size(), ints(always), nets(dst), nets(src), lists(dport), lists(in), lists(out));
    }

    /** Files the rule under each net of its first plain {@code -s}/{@code -d} test of that direction. */
    private static boolean file(LoweredRule r, int i, Direction d, Map<Ip, Map<Ip, List<Integer>>> into) {
        Field f = d == Direction.SOURCE ? Field.IP_SADDR : Field.IP_DADDR;
        for (Conjuncts.Required q : Conjuncts.of(r)) {
            if (q.field() == f && q.values().size() == 1 && q.values().get(0) instanceof Values.Nets nets
                    && !nets.nets().isEmpty()) {
                for (IpNet n : nets.nets()) {
                    List<Integer> l = into.computeIfAbsent(n.mask(), k -> new HashMap<>())
                            .computeIfAbsent(n.address(), k -> new ArrayList<>());
                    if (l.isEmpty() || l.get(l.size() - 1) != i) {
                        l.add(i);
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** The single destination port a port test requires (FALSE for a packet without ports). */
    private static Integer exactDport(LoweredRule r) {
        for (Conjuncts.Required q : Conjuncts.of(r)) {
            if (q.field() == Field.TH_DPORT && q.values().size() == 1) {
                Values.Interval p = (Values.Interval) q.values().get(0);
                if (p.lo() == p.hi()) {
                    return (int) p.lo();
                }
            }
        }
        return null;
    }

    private static String exactIface(LoweredRule r, Field f) {
        for (Conjuncts.Required q : Conjuncts.of(r)) {
            if (q.field() == f && q.values().size() == 1 && !((Values.Name) q.values().get(0)).pattern().endsWith("+")) {
                return ((Values.Name) q.values().get(0)).pattern();
            }
        }
        return null;
    }

    /**
     * The first position at or after {@code from} whose rule may match {@code p}; the chain's size
     * when none may. Positions before it hold rules that are FALSE for {@code p}.
     */
    int next(Packet p, int from) {
        if (p.src() == null || p.dst() == null) {
            return from;
        }
        int best = next(always, from, size);
        best = nextNet(dst, p.dst(), from, best);
        best = nextNet(src, p.src(), from, best);
        if (p.dport() >= 0 && !dport.isEmpty()) {
            best = next(dport.getOrDefault(p.dport(), NONE), from, best);
        }
        if (p.in() != null && !in.isEmpty()) {
            best = next(in.getOrDefault(p.in(), NONE), from, best);
        }
        if (p.out() != null && !out.isEmpty()) {
            best = next(out.getOrDefault(p.out(), NONE), from, best);
        }
        return best;
    }

    private static int nextNet(Map<Ip, Map<Ip, int[]>> byMask, Ip ip, int from, int best) {
        for (Map.Entry<Ip, Map<Ip, int[]>> e : byMask.entrySet()) {
            Ip mask = e.getKey();
            if (mask.v6() != ip.v6()) {
                continue;
            }
            int[] l = e.getValue().get(ip.and(mask));
            if (l != null) {
                best = next(l, from, best);
            }
        }
        return best;
    }

    /** The first element of the sorted {@code l} that is at least {@code from}, if below {@code best}. */
    private static int next(int[] l, int from, int best) {
        int k = Arrays.binarySearch(l, from);
        if (k < 0) {
            k = -k - 1;
        }
        return k < l.length && l[k] < best ? l[k] : best;
    }

    private static int[] ints(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    private static <K> Map<K, int[]> lists(Map<K, List<Integer>> m) {
        Map<K, int[]> out = new HashMap<>(m.size() * 2);
        m.forEach((k, v) -> out.put(k, ints(v)));
        return out;
    }

    private static Map<Ip, Map<Ip, int[]>> nets(Map<Ip, Map<Ip, List<Integer>>> m) {
        Map<Ip, Map<Ip, int[]>> out = new LinkedHashMap<>();
        m.forEach((mask, byAddr) -> out.put(mask, lists(byAddr)));
        return out;
    }
}
