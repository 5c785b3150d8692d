package io.nflint.rules.checks;

import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.rules.CheckContext;
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
        return context.shared(Graphs.class, c -> new Graphs()).of(table);
    }

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
        Map<String, Set<String>> result = new HashMap<>();
        for (Chain c : table.chains()) {
            if (!c.builtin()) {
                continue;
            }
            Deque<String> todo = new ArrayDeque<>();
            Set<String> seen = new LinkedHashSet<>();
            todo.add(c.name());
            seen.add(c.name());
            while (!todo.isEmpty()) {
                String at = todo.poll();
                result.computeIfAbsent(at, k -> new LinkedHashSet<>()).add(c.name());
                for (Edge e : edgesFrom(at)) {
                    // jumps into built-in chains are rejected by the kernel and never taken
                    if (isDefined(e.to()) && !isBuiltin(e.to()) && seen.add(e.to())) {
                        todo.add(e.to());
                    }
                }
            }
        }
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
