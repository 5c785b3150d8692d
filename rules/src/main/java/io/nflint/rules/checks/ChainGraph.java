package io.nflint.rules.checks;

import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.rules.CheckContext;
import io.nflint.rules.SharedKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jumps and gotos of one table as a graph of chain names. Targets that name no chain of the
 * table are edges too ({@link #isDefined} tells them apart), so every check sees every reference.
 */
final class ChainGraph {

    /** One {@code -j CHAIN} or {@code -g CHAIN}: the rule that holds it and the target's span. */
    record Edge(Rule rule, String from, String to, SourceSpan span, boolean isGoto) {
    }

    private final Table table;
    private final Map<String, List<Edge>> out = new LinkedHashMap<>();
    private final Map<String, List<Edge>> in = new HashMap<>();
    private final Set<String> builtins = new java.util.HashSet<>();
    private Map<String, Set<String>> reaching;

    private ChainGraph(Table table) {
        this.table = table;
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

    static ChainGraph of(Table table) {
        return new ChainGraph(table);
    }

    /** The graph of a table of this input, built once for all checks that need it. */
    static ChainGraph of(CheckContext context, Table table) {
        return context.shared(GRAPHS).of(table);
    }

    private static final SharedKey<Graphs> GRAPHS = SharedKey.of("chain graphs", c -> new Graphs());

    /** The graphs of one input's tables, by table identity (a table record's equals is deep). */
    private static final class Graphs {
        private final Map<Table, ChainGraph> byTable = new IdentityHashMap<>();

        synchronized ChainGraph of(Table t) {
            return byTable.computeIfAbsent(t, ChainGraph::new);
        }
    }

    Table table() {
        return table;
    }

    /** Chain names in file order. */
    Set<String> chains() {
        return out.keySet();
    }

    List<Edge> edgesFrom(String chain) {
        return out.getOrDefault(chain, List.of());
    }

    List<Edge> edgesInto(String chain) {
        return in.getOrDefault(chain, List.of());
    }

    boolean isDefined(String chain) {
        return out.containsKey(chain);
    }

    boolean isBuiltin(String chain) {
        return builtins.contains(chain);
    }

    /**
     * For every chain, the built-in chains from which it is reached through jumps and gotos (a
     * built-in chain reaches itself). One forward walk per built-in chain, so a table with
     * thousands of chains costs a few passes over its edges, not one walk per chain.
     */
    synchronized Map<String, Set<String>> reachingBuiltins() {
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
    List<Edge> path(String from, String to) {
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
