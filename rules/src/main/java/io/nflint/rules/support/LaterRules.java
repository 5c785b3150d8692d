package io.nflint.rules.support;

import io.nflint.ir.Chain;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.ir.Table;
import io.nflint.ir.Direction;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTest;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.Reject;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a packet can meet after a given rule in its table's traversal, were that rule deleted:
 * the later rules of its chain, the rules of the chains they call, and the later rules of every chain
 * that calls its chain (a superset: which caller a packet came through is not asked). What NFL102 needs
 * to say which later rules take over a redundant rule's packets, and to leave alone a rule whose
 * deletion would let its packets reach a side effect (LOG, NFLOG, NFQUEUE, MARK, SET, a counting rule,
 * a recent list) they never met before.
 */
public final class LaterRules {

    private final Table table;
    private final Rule rule;
    private final List<Rule> after = new ArrayList<>();
    /** For a rule reached through calls, the calling rules its packets passed (they must match too). */
    private final java.util.Map<Rule, List<List<Rule>>> guards = new java.util.IdentityHashMap<>();
    /** Rule visits before giving up on guards (every later rule then counts as reachable). */
    private static final int MAX_VISITS = 50_000;
    private int visits;
    private final Set<Rule> unguarded = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    public LaterRules(Table table, Rule rule) {
        this.table = table;
        this.rule = rule;
        collect();
    }

    /** The later rules whose matches may meet the rule's packets and that do something the rule's packets would notice. */
    public List<Rule> sideEffects() {
        return after.stream().filter(r -> sideEffect(r) && reachable(r)).toList();
    }

    /** The later rules that may decide the rule's packets with the same verdict, in traversal order. */
    public List<Rule> sameVerdict() {
        return after.stream().filter(r -> sameKind(rule.target(), r.target()) && reachable(r)).toList();
    }

    /** Whether the rule's packets may meet {@code r}: it and every call on the way may match them. */
    private boolean reachable(Rule r) {
        if (!mayOverlap(rule, r)) {
            return false;
        }
        List<List<Rule>> paths = guards.get(r);
        if (paths == null || visits > MAX_VISITS) {
            return true;
        }
        for (List<Rule> path : paths) {
            if (path.stream().allMatch(g -> mayOverlap(rule, g))) {
                return true;
            }
        }
        return false;
    }

    private void collect() {
        Set<Rule> seen = new HashSet<>();
        Optional<Chain> own = table.chain(rule.chain());
        if (own.isEmpty() || !addFrom(own.get(), own.get().rules().indexOf(rule) + 1, seen, List.of())) {
            return;
        }
        // the packets fall off the rule's chain: they go on after each call into it
        Deque<String> callers = new ArrayDeque<>();
        Set<String> done = new LinkedHashSet<>();
        callers.add(rule.chain());
        done.add(rule.chain());
        while (!callers.isEmpty()) {
            String callee = callers.poll();
            for (Chain c : table.chains()) {
                for (int i = 0; i < c.rules().size(); i++) {
                    if (callee.equals(calls(c.rules().get(i).target())) && addFrom(c, i + 1, seen, List.of())
                            && done.add(c.name())) {
                        callers.add(c.name());
                    }
                }
            }
        }
    }

    /** Rules {@code from} on of a chain, and what they call (depth first, in traversal order). */
    /**
     * Adds the rules {@code from} on of a chain, and what they call (depth first, in traversal
     * order); false when an unconditional ACCEPT, DROP or REJECT ends the chain for every packet, so
     * nothing after it (nor after the calls into the chain) is met.
     */
    private boolean addFrom(Chain c, int from, Set<Rule> seen, List<Rule> via) {
        for (int i = from; i < c.rules().size() && visits <= MAX_VISITS; i++) {
            Rule r = c.rules().get(i);
            visits++;
            if (seen.add(r)) {
                after.add(r);
            }
            if (via.isEmpty()) {
                guards.put(r, null);
                unguarded.add(r);
            } else if (!unguarded.contains(r)) {
                guards.computeIfAbsent(r, k -> new ArrayList<>()).add(via);
            }
            String callee = calls(r.target());
            if (callee != null && via.stream().noneMatch(v -> callee.equals(calls(v.target())))
                    && !callee.equals(c.name())) {
                List<Rule> deeper = new ArrayList<>(via);
                deeper.add(r);
                table.chain(callee).ifPresent(sub -> addFrom(sub, 0, seen, deeper));
            }
            if (RuleShape.matchCount(r) == 0) {
                if (r.target() instanceof Reject || r.target() instanceof Verdict v
                        && (v.kind() == Verdict.Kind.ACCEPT || v.kind() == Verdict.Kind.DROP)) {
                    return false;
                }
                if (r.target() instanceof Verdict v && v.kind() == Verdict.Kind.RETURN) {
                    return true;
                }
            }
        }
        return true;
    }

    private static String calls(Target t) {
        return t instanceof Jump j ? j.chain() : t instanceof Goto g ? g.chain() : null;
    }

    static boolean sideEffect(Rule r) {
        Target t = r.target();
        io.nflint.lower.TargetKind kind = io.nflint.lower.TargetKind.of(t);
        if (kind.onlyObserves() || kind == io.nflint.lower.TargetKind.MARK || kind == io.nflint.lower.TargetKind.UNKNOWN) {
            return true;
        }
        // a recent list it sets, updates or removes from
        return LoweredRule.of(r).writesShared();
    }

    private static boolean sameKind(Target mine, Target theirs) {
        if (mine instanceof Verdict a && theirs instanceof Verdict b) {
            return a.kind() == b.kind();
        }
        return mine instanceof Reject && theirs instanceof Reject;
    }

    /** False only when the two rules' protocols or addresses certainly exclude each other. */
    static boolean mayOverlap(Rule a, Rule b) {
        Integer pa = protocol(a);
        Integer pb = protocol(b);
        if (pa != null && pb != null && !pa.equals(pb)) {
            return false;
        }
        for (Direction d : Direction.values()) {
            List<IpNet> na = nets(a, d);
            List<IpNet> nb = nets(b, d);
            if (na != null && nb != null && na.stream().noneMatch(x -> nb.stream().anyMatch(y -> x.contains(y) || y.contains(x)))) {
                return false;
            }
        }
        return true;
    }

    private static Integer protocol(Rule r) {
        int p = FieldTests.protocol(LoweredRule.of(r));
        return p < 0 ? null : p;
    }

    private static List<IpNet> nets(Rule r, Direction d) {
        FieldTest a = FieldTests.firstPositive(LoweredRule.of(r), d == Direction.SOURCE ? Field.IP_SADDR : Field.IP_DADDR);
        return a == null ? null : a.nets();
    }
}
