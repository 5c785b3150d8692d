package io.nflint.pipeline;

import io.nflint.ir.BuiltinChains;
import io.nflint.ir.Chain;
import io.nflint.ir.Family;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.Target;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who jumps where in one table, the one call graph the checks and both engines read: every
 * {@code -j}/{@code -g} as an edge (targets that name no chain of the table too, so a check sees every
 * reference), the base hooks from which each chain can be entered, the rules that jump to it, and
 * how deep below the built-in chains it sits. The symbolic engine folds its packet boxes over it.
 */
public final class CallGraph {

    /** One {@code -j CHAIN} or {@code -g CHAIN}: the rule that holds it and the target's span. */
    public record Edge(Rule rule, String from, String to, SourceSpan span, boolean isGoto) {
    }

    private final Table table;
    private final List<Chain> chains;
    /** Chain name to position (the first chain of a name, as iptables keeps one). */
    private final Map<String, Integer> index;
    /** Each chain's distinct callees by position. */
    private final int[][] callees;
    /** Per chain, one bit per {@link Hook} ordinal from which it can be entered. */
    private final int[] hookBits;
    /** Depth of each chain below the nearest built-in chain (breadth first); -1 when none reaches it. */
    private final int[] level;
    private Map<String, List<Rule>> callers;

    /** The edges by chain, built when a check first asks (the engines need only the positions). */
    private Map<String, List<Edge>> out;
    private Map<String, List<Edge>> in;
    private Set<String> builtins;
    private Map<String, Set<String>> reaching;

    /** {@code family} decides which chain names are base chains of the table, with their hooks. */
    public static CallGraph of(Family family, Table table) {
        return new CallGraph(family, table);
    }

    private CallGraph(Family family, Table table) {
        this.table = table;
        // chains by position, and each chain's distinct callees by position: kube-proxy tables have
        // tens of thousands of chains, and maps of names, sets and boxed positions cost more than
        // the walks themselves
        this.chains = table.chains();
        int n = chains.size();
        this.index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.putIfAbsent(chains.get(i).name(), i);
        }
        this.callees = new int[n][];
        int[] mark = new int[n];
        int[] buf = new int[16];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (Rule r : chains.get(i).rules()) {
                String callee = callee(r.target());
                Integer to = callee == null ? null : index.get(callee);
                if (to != null && mark[to] != i + 1) {
                    mark[to] = i + 1;
                    if (k == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, k * 2);
                    }
                    buf[k++] = to;
                }
            }
            callees[i] = k == 0 ? NONE : java.util.Arrays.copyOf(buf, k);
        }
        this.hookBits = new int[n];
        int[] work = new int[n];
        for (String base : BuiltinChains.chains(family, table.name())) {
            Hook h;
            try {
                h = Hook.valueOf(base);
            } catch (IllegalArgumentException e) {
                continue;
            }
            Integer from = index.get(base);
            if (from == null) {
                baseNames.put(base, h);
                continue;
            }
            int bit = 1 << h.ordinal();
            int top = 0;
            work[top++] = from;
            hookBits[from] |= bit;
            while (top > 0) {
                int c = work[--top];
                for (int next : callees[c]) {
                    if ((hookBits[next] & bit) == 0) {
                        hookBits[next] |= bit;
                        work[top++] = next;
                    }
                }
            }
        }
        this.level = new int[n];
        java.util.Arrays.fill(level, -1);
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (chains.get(i).builtin() && level[i] < 0) {
                level[i] = 0;
                work[tail++] = i;
            }
        }
        while (head < tail) {
            int c = work[head++];
            for (int next : callees[c]) {
                if (level[next] < 0) {
                    level[next] = level[c] + 1;
                    work[tail++] = next;
                }
            }
        }
    }

    private synchronized void edges() {
        if (out != null) {
            return;
        }
        out = new LinkedHashMap<>();
        in = new HashMap<>();
        builtins = new java.util.HashSet<>();
        for (Chain c : table.chains()) {
            if (c.builtin()) {
                builtins.add(c.name());
            }
            List<Edge> edges = new ArrayList<>();
            for (Rule r : c.rules()) {
                Edge e = null;
                if (r.target() instanceof Jump j) {
                    e = new Edge(r, c.name(), j.chain(), j.span(), false);
                } else if (r.target() instanceof Goto g) {
                    e = new Edge(r, c.name(), g.chain(), g.span(), true);
                }
                if (e != null) {
                    edges.add(e);
                    in.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
                }
            }
            out.put(c.name(), edges);
        }
    }

    private static final int[] NONE = new int[0];
    /** Base chains of the table that the dump does not declare: they still have their hook. */
    private final Map<String, Hook> baseNames = new HashMap<>();
    @SuppressWarnings("unchecked")
    private final Set<Hook>[] hookSets = new Set[1 << Hook.values().length];

    /** Chains no built-in chain reaches within {@code maxDepth} jumps. */
    public Set<String> deeperThan(int maxDepth) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < level.length; i++) {
            if (level[i] > maxDepth && index.get(chains.get(i).name()) == i) {
                out.add(chains.get(i).name());
            }
        }
        return out;
    }

    public static String callee(Target t) {
        if (t instanceof Jump j) {
            return j.chain();
        }
        if (t instanceof Goto g) {
            return g.chain();
        }
        return null;
    }

    public Set<Hook> hooks(String chain) {
        Integer i = index.get(chain);
        int bits;
        if (i != null) {
            bits = hookBits[i];
        } else {
            Hook h = baseNames.get(chain);
            bits = h == null ? 0 : 1 << h.ordinal();
        }
        Set<Hook> set = hookSets[bits];
        if (set == null) {
            EnumSet<Hook> e = EnumSet.noneOf(Hook.class);
            for (Hook h : Hook.values()) {
                if ((bits & (1 << h.ordinal())) != 0) {
                    e.add(h);
                }
            }
            set = java.util.Collections.unmodifiableSet(e);
            hookSets[bits] = set;
        }
        return set;
    }

    public synchronized List<Rule> callers(String chain) {
        if (callers == null) {
            Map<String, List<Rule>> m = new HashMap<>();
            for (Chain c : chains) {
                for (Rule r : c.rules()) {
                    String callee = callee(r.target());
                    if (callee != null) {
                        m.computeIfAbsent(callee, k -> new ArrayList<>()).add(r);
                    }
                }
            }
            callers = m;
        }
        return callers.getOrDefault(chain, List.of());
    }

    public Table table() {
        return table;
    }

    /** Chain names in file order. */
    public Set<String> chains() {
        edges();
        return out.keySet();
    }

    public List<Edge> edgesFrom(String chain) {
        edges();
        return out.getOrDefault(chain, List.of());
    }

    public List<Edge> edgesInto(String chain) {
        edges();
        return in.getOrDefault(chain, List.of());
    }

    public boolean isDefined(String chain) {
        edges();
        return out.containsKey(chain);
    }

    public boolean isBuiltin(String chain) {
        edges();
        return builtins.contains(chain);
    }

    /**
     * For every chain, the built-in chains from which it is reached through jumps and gotos (a
     * built-in chain reaches itself). One forward walk per built-in chain, so a table with
     * thousands of chains costs a few passes over its edges, not one walk per chain.
     */
    public synchronized Map<String, Set<String>> reachingBuiltins() {
        edges();
        if (reaching == null) {
            reaching = Collections.unmodifiableMap(computeReachingBuiltins());
        }
        return reaching;
    }

    private Map<String, Set<String>> computeReachingBuiltins() {
        // chains by position and a bit per built-in chain: tables with tens of thousands of chains
        // share a handful of distinct answers, so each distinct set is built once
        List<String> names = new ArrayList<>(out.keySet());
        Map<String, Integer> index = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        int[][] next = new int[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            List<Edge> edges = out.get(names.get(i));
            int[] to = new int[edges.size()];
            int n = 0;
            for (Edge e : edges) {
                Integer j = index.get(e.to());
                // jumps into built-in chains are rejected by the kernel and never taken
                if (j != null && !isBuiltin(e.to())) {
                    to[n++] = j;
                }
            }
            next[i] = java.util.Arrays.copyOf(to, n);
        }
        List<String> bases = new ArrayList<>();
        for (Chain c : table.chains()) {
            if (c.builtin() && !bases.contains(c.name())) {
                bases.add(c.name());
            }
        }
        long[] masks = new long[names.size()];
        Map<String, Set<String>> extra = new HashMap<>();
        for (int b = 0; b < bases.size(); b++) {
            String base = bases.get(b);
            Integer from = index.get(base);
            if (from == null || b >= Long.SIZE) {
                extra.computeIfAbsent(base, k -> new LinkedHashSet<>()).add(base);
                continue;
            }
            boolean[] seen = new boolean[names.size()];
            int[] work = new int[names.size()];
            int top = 0;
            work[top++] = from;
            seen[from] = true;
            while (top > 0) {
                int at = work[--top];
                masks[at] |= 1L << b;
                for (int j : next[at]) {
                    if (!seen[j]) {
                        seen[j] = true;
                        work[top++] = j;
                    }
                }
            }
        }
        Map<Long, Set<String>> sets = new HashMap<>();
        Map<String, Set<String>> result = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            long m = masks[i];
            if (m == 0) {
                continue;
            }
            result.put(names.get(i), sets.computeIfAbsent(m, k -> {
                Set<String> set = new LinkedHashSet<>();
                for (int b = 0; b < bases.size() && b < Long.SIZE; b++) {
                    if ((k & (1L << b)) != 0) {
                        set.add(bases.get(b));
                    }
                }
                return Collections.unmodifiableSet(set);
            }));
        }
        result.putAll(extra);
        return result;
    }

    /** The jumps and gotos of a shortest way from one chain to another; empty when there is none. */
    public List<Edge> path(String from, String to) {
        if (from.equals(to)) {
            return List.of();
        }
        Map<String, Edge> via = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(from);
        via.put(from, null);
        while (!todo.isEmpty()) {
            String at = todo.poll();
            for (Edge e : edgesFrom(at)) {
                if (!isDefined(e.to()) || isBuiltin(e.to()) || via.containsKey(e.to())) {
                    continue;
                }
                via.put(e.to(), e);
                if (e.to().equals(to)) {
                    List<Edge> path = new ArrayList<>();
                    for (Edge step = e; step != null; step = via.get(step.from())) {
                        path.add(0, step);
                    }
                    return path;
                }
                todo.add(e.to());
            }
        }
        return List.of();
    }
}
