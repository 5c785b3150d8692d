package io.nflint.rules.checks;

import io.nflint.rules.support.CallGraphs;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.pipeline.CallGraph;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.TableScope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chains that jump (or go) back into themselves. Both iptables backends refuse a loop that a
 * built-in chain reaches (iptables-nft: "RULE_APPEND failed (Too many links)", legacy: "line N
 * failed" at COMMIT); a loop no built-in chain reaches loads, but the first jump into it fails, so
 * that one is a warning. Strongly connected components by an iterative Tarjan: thousands of
 * chained chains must not overflow the stack.
 */
@CheckInfo(id = "NFL009", name = "jump-cycle", severity = Severity.ERROR,
        summary = "Chains that jump or go back into themselves, which the kernel refuses to load")
public final class JumpCycleCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (Table t : rs.tables()) {
                if (!TableScope.isKnown(rs, t)) {
                    continue;
                }
                checkTable(context, t, sink);
            }
        }
    }

    private static void checkTable(CheckContext context, Table t, FindingSink sink) {
        CallGraph graph = CallGraphs.of(context, t);
        Map<String, Set<String>> reaching = null;
        for (Set<String> component : cyclicComponents(graph)) {
            List<CallGraph.Edge> inside = new ArrayList<>();
            for (String c : component) {
                for (CallGraph.Edge e : graph.edgesFrom(c)) {
                    if (component.contains(e.to())) {
                        inside.add(e);
                    }
                }
            }
            inside.sort(Comparator.comparingInt((CallGraph.Edge e) -> e.span().startOffset()));
            // the last jump in file order closes the loop: iptables-nft fails on that line
            CallGraph.Edge closing = inside.get(inside.size() - 1);
            List<CallGraph.Edge> rest = pathWithin(graph, component, closing.to(), closing.from());
            if (reaching == null) {
                reaching = graph.reachingBuiltins();
            }
            boolean reached = false;
            for (String c : component) {
                reached |= reaching.containsKey(c);
            }
            StringBuilder cycle = new StringBuilder(closing.from()).append(" -> ").append(closing.to());
            for (CallGraph.Edge e : rest) {
                cycle.append(" -> ").append(e.to());
            }
            String message = "jump cycle " + cycle + " in table '" + t.name() + "': "
                    + (reached ? "the kernel refuses loops, so iptables-restore fails (\"Too many links\" with"
                            + " iptables-nft, \"line N failed\" with iptables-legacy)"
                            : "no built-in chain reaches it yet, so it loads, but the kernel refuses the first jump"
                            + " into it (\"Too many links\")");
            FindingSink.Report report = sink.at(closing.span(), message).rule(closing.rule())
                    .help("a chain must not lead back to itself; end the loop with RETURN or a verdict, or split the"
                            + " shared rules into a chain that jumps nowhere");
            if (!reached) {
                report.severity(Severity.WARNING);
            }
            for (CallGraph.Edge e : rest) {
                report.related(e.span(), (e.isGoto() ? "goto " : "jump ") + e.from() + " -> " + e.to());
            }
            report.report();
        }
    }

    /** The shortest chain of edges from {@code from} to {@code to} inside the component (BFS). */
    private static List<CallGraph.Edge> pathWithin(CallGraph graph, Set<String> component, String from, String to) {
        if (from.equals(to)) {
            return List.of();
        }
        Map<String, CallGraph.Edge> via = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(from);
        via.put(from, null);
        while (!todo.isEmpty()) {
            String at = todo.poll();
            for (CallGraph.Edge e : graph.edgesFrom(at)) {
                if (component.contains(e.to()) && !via.containsKey(e.to())) {
                    via.put(e.to(), e);
                    if (e.to().equals(to)) {
                        List<CallGraph.Edge> path = new ArrayList<>();
                        for (CallGraph.Edge step = e; step != null; step = via.get(step.from())) {
                            path.add(0, step);
                        }
                        return path;
                    }
                    todo.add(e.to());
                }
            }
        }
        return List.of();
    }

    /** Strongly connected components with a cycle (two or more chains, or one that jumps to itself). */
    static List<Set<String>> cyclicComponents(CallGraph graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> result = new ArrayList<>();
        int counter = 0;
        for (String root : graph.chains()) {
            if (index.containsKey(root)) {
                continue;
            }
            // explicit call stack: the chain and how many of its edges were already followed
            Deque<String> calls = new ArrayDeque<>();
            Deque<Integer> next = new ArrayDeque<>();
            index.put(root, counter);
            low.put(root, counter);
            counter++;
            stack.push(root);
            onStack.add(root);
            calls.push(root);
            next.push(0);
            while (!calls.isEmpty()) {
                String v = calls.peek();
                int i = next.pop();
                List<CallGraph.Edge> edges = graph.edgesFrom(v);
                if (i < edges.size()) {
                    next.push(i + 1);
                    String w = edges.get(i).to();
                    if (!graph.isDefined(w) || graph.isBuiltin(w)) {
                        // jumps into built-in chains are NFL007's; they never form a loop the kernel walks
                        continue;
                    }
                    if (!index.containsKey(w)) {
                        index.put(w, counter);
                        low.put(w, counter);
                        counter++;
                        stack.push(w);
                        onStack.add(w);
                        calls.push(w);
                        next.push(0);
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                calls.pop();
                if (!calls.isEmpty()) {
                    String parent = calls.peek();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new HashSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    if (component.size() > 1 || !graph.isBuiltin(v) && selfLoop(graph, v)) {
                        result.add(component);
                    }
                }
            }
        }
        return result;
    }

    private static boolean selfLoop(CallGraph graph, String chain) {
        for (CallGraph.Edge e : graph.edgesFrom(chain)) {
            if (e.to().equals(chain)) {
                return true;
            }
        }
        return false;
    }
}
