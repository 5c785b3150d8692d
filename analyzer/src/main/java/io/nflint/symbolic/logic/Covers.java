package io.nflint.symbolic.logic;

import io.nflint.symbolic.RuleLogicReport;
import io.nflint.symbolic.slice.Box;
import io.nflint.pipeline.CallGraph;
import io.nflint.ir.BuiltinChains;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Verdict;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the rules of a minimal unsat core into the covering rules a reader of the shadowed rule's
 * chain sees. The core names every rule the proof needs, so a jump into a chain that drops comes
 * with the DROP inside it; that DROP is not an earlier rule of the shadowed rule's chain, the jump
 * is. Rules of base chains (earlier tables included) and of the chains on the way to the shadowed
 * rule stay as they are; a rule in a chain that a covering jump or goto calls (directly or further
 * down) is filed under that call as the reason it covers.
 */
final class Covers {

    private final Ruleset rs;
    /** Per table, each chain's rules' callees. */
    private final Map<String, Map<String, List<String>>> calls = new HashMap<>();
    /** Per table, the chains calling each chain. */
    private final Map<String, Map<String, List<String>>> callers = new HashMap<>();
    /** Per table and chain, the chains reachable from it by calls (itself included). */
    private final Map<String, Set<String>> below = new HashMap<>();

    private final ChainCovers chainCovers;

    Covers(Ruleset rs, ChainCovers chainCovers) {
        this.rs = rs;
        this.chainCovers = chainCovers;
    }

    RuleLogicReport.Shadowed shadowed(Rule r, java.util.Collection<Rule> core) {
        Set<String> above = above(r.table(), r.chain());
        List<Rule> top = new ArrayList<>();
        List<Rule> inner = new ArrayList<>();
        for (Rule c : core) {
            if (c == r) {
                continue;
            }
            boolean outer = BuiltinChains.isBuiltin(rs.family(), c.table(), c.chain())
                    || c.table().equals(r.table()) && above.contains(c.chain());
            (outer ? top : inner).add(c);
        }
        Map<Rule, List<Rule>> inside = new LinkedHashMap<>();
        for (Rule c : inner) {
            boolean filed = false;
            for (Rule t : top) {
                String callee = CallGraph.callee(t.target());
                if (callee != null && t.table().equals(c.table()) && below(t.table(), callee).contains(c.chain())) {
                    inside.computeIfAbsent(t, k -> new ArrayList<>()).add(c);
                    filed = true;
                }
            }
            if (!filed) {
                // no covering call leads there (the core is not minimal, or the chain is reached in a
                // way the call graph does not show): name the rule itself rather than lose it
                top.add(c);
            }
        }
        Comparator<Rule> byLine = Comparator.comparingInt(x -> x.span().line());
        top.sort(byLine);
        inside.values().forEach(l -> l.sort(byLine));
        Map<Rule, RuleLogicReport.GotoEnd> gotoEnds = new LinkedHashMap<>();
        for (Rule t : top) {
            if (t.target() instanceof Goto && !inside.containsKey(t)) {
                RuleLogicReport.GotoEnd end = gotoEnd(r, t);
                if (end != null) {
                    gotoEnds.put(t, end);
                }
            }
        }
        RuleLogicReport.Shadowed lifted = new RuleLogicReport.Shadowed(r, top, List.of(), inside, gotoEnds);
        List<Rule> differing = new ArrayList<>();
        for (Rule t : top) {
            if (lifted.setsState(t)) {
                continue;
            }
            RuleLogicReport.GotoEnd end = gotoEnds.get(t);
            if (end != null) {
                if (!sameVerdict(r, end)) {
                    differing.add(t);
                }
                continue;
            }
            for (Rule d : lifted.deciders(t)) {
                if (!d.target().name().equals(r.target().name())) {
                    differing.add(t);
                    break;
                }
            }
        }
        return new RuleLogicReport.Shadowed(r, top, differing, inside, gotoEnds);
    }

    /** Whether every way the goto's chain may end the packets is the shadowed rule's own verdict. */
    private static boolean sameVerdict(Rule r, RuleLogicReport.GotoEnd end) {
        String own = r.target().name();
        for (Rule d : end.deciding()) {
            if (!(d.target() instanceof Verdict || d.target() instanceof io.nflint.ir.target.Reject)
                    || !d.target().name().equals(own)) {
                return false;
            }
        }
        return end.fallsTo() == null || own.equals(end.fallsToVerdict());
    }

    /**
     * The rules of the goto's chain that may decide the shadowed rule's packets (their header boxes
     * meet), and where the others go. Only one level: a jump or goto inside is named as a decider.
     */
    private RuleLogicReport.GotoEnd gotoEnd(Rule r, Rule go) {
        Table t = rs.table(go.table()).orElse(null);
        String callee = CallGraph.callee(go.target());
        Chain chain = t == null ? null : t.chain(callee).orElse(null);
        Box own = Box.of(chainCovers.lowered(r));
        Box via = Box.of(chainCovers.lowered(go));
        Box packets = own == null || via == null ? null : own.intersect(via);
        if (chain == null || packets == null) {
            return null;
        }
        List<Rule> deciding = new ArrayList<>();
        boolean allDecided = false;
        for (Rule in : chain.rules()) {
            Box b = Box.of(chainCovers.lowered(in));
            if (b == null || b.intersect(packets) == null) {
                continue;
            }
            if (in.target() instanceof Verdict v && v.kind() == Verdict.Kind.RETURN) {
                // RETURN in a chain entered by goto leads where falling off does
                if (chainCovers.takesAll(in, packets, r)) {
                    break;
                }
                continue;
            }
            if (RuleLogicReport.Shadowed.stateTarget(in.target()) || in.target() instanceof io.nflint.ir.target.NoTarget
                    || in.target() instanceof io.nflint.ir.target.Log || in.target() instanceof io.nflint.ir.target.Nflog) {
                continue;
            }
            deciding.add(in);
            boolean terminal = in.target() instanceof Verdict v && (v.kind() == Verdict.Kind.ACCEPT || v.kind() == Verdict.Kind.DROP)
                    || in.target() instanceof io.nflint.ir.target.Reject;
            if (terminal && chainCovers.takesAll(in, packets, r)) {
                allDecided = true;
                break;
            }
        }
        if (allDecided) {
            return new RuleLogicReport.GotoEnd(deciding, null, null);
        }
        Chain from = t.chain(go.chain()).orElse(null);
        if (from != null && from.builtin() && from.policy() != null) {
            return new RuleLogicReport.GotoEnd(deciding, "the " + from.name() + " policy (" + from.policy() + ")", from.policy());
        }
        return new RuleLogicReport.GotoEnd(deciding, "the caller of " + go.chain(), null);
    }

    /** The chains of the table from which calls lead to {@code chain}, itself included. */
    private Set<String> above(String table, String chain) {
        Map<String, List<String>> callers = this.callers.computeIfAbsent(table, name -> {
            Map<String, List<String>> out = new HashMap<>();
            calls(name).forEach((from, tos) -> tos.forEach(to -> out.computeIfAbsent(to, k -> new ArrayList<>()).add(from)));
            return out;
        });
        return closure(chain, callers);
    }

    private Set<String> below(String table, String chain) {
        return below.computeIfAbsent(table + "\u0000" + chain, k -> closure(chain, calls(table)));
    }

    private static Set<String> closure(String start, Map<String, List<String>> edges) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.push(start);
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (seen.add(c)) {
                edges.getOrDefault(c, List.of()).forEach(todo::push);
            }
        }
        return seen;
    }

    private Map<String, List<String>> calls(String table) {
        return calls.computeIfAbsent(table, name -> {
            Map<String, List<String>> out = new HashMap<>();
            Table t = rs.table(name).orElse(null);
            if (t != null) {
                for (Chain c : t.chains()) {
                    for (Rule rule : c.rules()) {
                        String callee = CallGraph.callee(rule.target());
                        if (callee != null) {
                            out.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(callee);
                        }
                    }
                }
            }
            return out;
        });
    }
}
