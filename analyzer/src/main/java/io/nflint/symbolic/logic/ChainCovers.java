package io.nflint.symbolic.logic;

import io.nflint.symbolic.slice.Box;
import io.nflint.pipeline.CallGraph;
import io.nflint.symbolic.slice.ChainSliceIndex;
import io.nflint.symbolic.slice.Slice;
import io.nflint.symbolic.z3.SymbolicWalker;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.lower.Field;
import io.nflint.lower.Lowered;
import io.nflint.lower.LoweredRule;
import io.nflint.ir.target.Ct;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Notrack;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proofs without the solver that another rule of a rule's chain takes all its packets.
 *
 * <p>Shadowed: proves a rule shadowed when one earlier rule of its own chain takes every
 * packet the rule could match and ends the chain for it. Every packet that reaches a rule has
 * passed each earlier rule of its chain; within one hook the header does not change before a
 * terminal target, so an earlier rule whose match holds for every packet of the later rule's box
 * (its header matches are exact and contain the box; each of its other matches appears unchanged in
 * the later rule and reads nothing a rule of the table rewrites) took all of them. It ends the chain
 * when it is a verdict, NAT, RETURN or goto, or a jump into a chain that decides every such packet
 * (a rule there that takes them all and ends it, with no RETURN or goto on the way that could hand
 * some back). A match the model does not know (mac, statistic, ...) never counts as taking anything.
 *
 * <p>The proof names the rules the solver's minimal unsat core would: the earlier rule and, for a
 * jump, the calls and the deciding rule inside ({@link Covers} files them under the jump). When
 * several earlier rules cover, the first is named; the solver could have named another, equally
 * correct one.
 */
public final class ChainCovers {

    /**
     * A later rule of {@code r}'s chain that would decide every packet of {@code part} the same way if
     * {@code r} were removed, or null: it takes them all with the same verdict (same REJECT answer),
     * and every rule between that may take some of them either logs only or decides the same way.
     * Removing {@code r} then changes no packet's verdict, mark or NAT (r's packets never fall
     * through to the policy either), which is what the solver's redundancy query asks.
     */
    Rule sameLater(Rule r, Box part) {
        ChainSliceIndex idx = index(r.table(), r.chain());
        if (idx == null || !ends(r.target())) {
            return null;
        }
        int at = position(r, idx);
        for (int pos : idx.candidates(new Slice(List.of(part)))) {
            if (pos <= at) {
                continue;
            }
            Rule d = idx.rules().get(pos);
            Target t = d.target();
            if (t instanceof io.nflint.ir.target.Log || t instanceof io.nflint.ir.target.Nflog
                    || t instanceof io.nflint.ir.target.NoTarget) {
                continue;
            }
            if (!sameDecision(r.target(), t)) {
                // may take some of r's packets another way (or call a chain that does)
                return null;
            }
            if (takesAll(d, idx.box(pos), part, r)) {
                return d;
            }
        }
        return null;
    }

    private static boolean sameDecision(Target a, Target b) {
        if (a instanceof io.nflint.ir.target.Reject x) {
            return b instanceof io.nflint.ir.target.Reject y && x.with().equals(y.with());
        }
        return a instanceof Verdict x && b instanceof Verdict y && x.kind() == y.kind()
                && (x.kind() == Verdict.Kind.ACCEPT || x.kind() == Verdict.Kind.DROP);
    }

    /** Calls deeper than this are left to the solver. */
    private static final int MAX_DEPTH = 16;

    private final Ruleset rs;
    private final Map<String, Map<String, ChainSliceIndex>> indexes = new HashMap<>();
    private final Map<Rule, Integer> positions = new IdentityHashMap<>();
    /** The rule set's rules lowered once (covers compare rules pairwise), owned by the queries. */
    private final io.nflint.lower.LoweredRuleset lowered;
    private final Map<String, Set<Class<?>>> stateTargets = new HashMap<>();

    ChainCovers(Ruleset rs, io.nflint.lower.LoweredRuleset lowered) {
        this.rs = rs;
        this.lowered = lowered;
    }

    /**
     * The rules proving that no packet of {@code part} (a box of {@code r}'s packets) takes {@code r}:
     * the covering earlier rule first, then the rules inside the chains it calls that decide; null
     * when no single earlier rule is shown to cover.
     */
    List<Rule> cover(Rule r, Box part) {
        ChainSliceIndex idx = index(r.table(), r.chain());
        if (idx == null) {
            return null;
        }
        int at = position(r, idx);
        for (int pos : idx.candidates(new Slice(List.of(part)))) {
            if (pos >= at) {
                break;
            }
            Rule c = idx.rules().get(pos);
            if (!takesAll(c, idx.box(pos), part, r)) {
                continue;
            }
            Target t = c.target();
            if (ends(t) || t instanceof Goto || t instanceof Verdict v && v.kind() == Verdict.Kind.RETURN) {
                return List.of(c);
            }
            if (t instanceof Jump j) {
                List<Rule> inside = decides(r.table(), j.chain(), part, r, new HashSet<>(List.of(r.chain())), 1);
                if (inside != null) {
                    List<Rule> out = new ArrayList<>();
                    out.add(c);
                    out.addAll(inside);
                    return out;
                }
            }
        }
        return null;
    }

    /**
     * The rules that decide every packet of {@code part} entering {@code chain} (the calls on the way
     * and the final deciding rule), or null when some may come back to the caller.
     */
    private List<Rule> decides(String table, String chain, Box part, Rule r, Set<String> onStack, int depth) {
        ChainSliceIndex idx = index(table, chain);
        if (idx == null || depth > MAX_DEPTH || !onStack.add(chain)) {
            return null;
        }
        try {
            for (int pos : idx.candidates(new Slice(List.of(part)))) {
                Rule y = idx.rules().get(pos);
                Target t = y.target();
                boolean all = takesAll(y, idx.box(pos), part, r);
                if (ends(t) && all) {
                    return List.of(y);
                }
                if (t instanceof Verdict v && v.kind() == Verdict.Kind.RETURN) {
                    // some of the packets (all, when it takes all) go back to the caller
                    return null;
                }
                String callee = CallGraph.callee(t);
                if (callee == null) {
                    continue;
                }
                List<Rule> inside = all ? decides(table, callee, part, r, onStack, depth + 1) : null;
                if (inside != null) {
                    List<Rule> out = new ArrayList<>();
                    out.add(y);
                    out.addAll(inside);
                    return out;
                }
                if (t instanceof Goto) {
                    // packets falling off the goto's chain return past this one, to the caller
                    return null;
                }
                // a jump the packets come back from: they go on here
            }
            return null;
        } finally {
            onStack.remove(chain);
        }
    }

    /** A verdict or NAT target (an unknown target's "terminal" is only a guess: the solver decides those). */
    private static boolean ends(Target t) {
        return SymbolicWalker.terminal(t) && !(t instanceof io.nflint.ir.target.UnknownTarget);
    }

    /** Whether {@code c} matches every packet of {@code part} that could match {@code r}. */
    boolean takesAll(Rule c, Box part, Rule r) {
        return takesAll(c, Box.of(lowered(c)), part, r);
    }

    private boolean takesAll(Rule c, Box cBox, Box part, Rule r) {
        if (cBox == null || !cBox.contains(part)) {
            return false;
        }
        LoweredRule lc = lowered(c);
        LoweredRule lr = lowered(r);
        MatchImplication.Changes changes = f -> changes(c.table(), f);
        boolean portMatches = false;
        for (Lowered m : lc.matches()) {
            if (!MatchImplication.implied(m, part, lr, changes)) {
                return false;
            }
            portMatches |= MatchImplication.needsPorts(m);
        }
        // a port match never holds for a non-first fragment: only a rule that needs ports itself is covered by one
        return !portMatches || lr.matches().stream().anyMatch(MatchImplication::needsPorts);
    }

    LoweredRule lowered(Rule r) {
        return lowered.get(r);
    }

    /** Whether a rule of the table may change the state the field reads. */
    private boolean changes(String table, Field f) {
        switch (f) {
            case META_MARK: return changes(table, MarkTarget.class, ConnmarkTarget.class);
            case CT_MARK: return changes(table, ConnmarkTarget.class, ConnmarkTarget.class);
            default: return changes(table, Notrack.class, Ct.class);
        }
    }

    /** Whether any rule of the table has a target of one of these kinds, or one the model does not know. */
    private boolean changes(String table, Class<?> a, Class<?> b) {
        Set<Class<?>> kinds = stateTargets.computeIfAbsent(table, tn -> {
            Set<Class<?>> out = new HashSet<>();
            rs.table(tn).ifPresent(t -> t.chains().forEach(c -> c.rules().forEach(x -> out.add(x.target().getClass()))));
            return out;
        });
        return kinds.contains(a) || kinds.contains(b) || kinds.contains(io.nflint.ir.target.UnknownTarget.class);
    }

    private ChainSliceIndex index(String table, String chain) {
        Map<String, ChainSliceIndex> byChain = indexes.computeIfAbsent(table, tn -> {
            Map<String, ChainSliceIndex> out = new HashMap<>();
            Table t = rs.table(tn).orElse(null);
            if (t != null) {
                for (Chain c : t.chains()) {
                    out.putIfAbsent(c.name(), new ChainSliceIndex(c.rules(), lowered));
                }
            }
            return out;
        });
        return byChain.get(chain);
    }

    private int position(Rule r, ChainSliceIndex idx) {
        Integer known = positions.get(r);
        if (known == null) {
            List<Rule> rules = idx.rules();
            for (int i = 0; i < rules.size(); i++) {
                positions.put(rules.get(i), i);
            }
            known = positions.getOrDefault(r, -1);
        }
        return known;
    }
}
