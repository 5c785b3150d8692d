package io.nflint.symbolic.logic;

import io.nflint.symbolic.Emptiness;
import io.nflint.symbolic.slice.Box;
import io.nflint.symbolic.slice.Slice;
import io.nflint.symbolic.z3.Encoding;
import io.nflint.symbolic.z3.PathRunner;
import io.nflint.symbolic.z3.SymbolicWalker;
import io.nflint.symbolic.z3.WalkState;
import io.nflint.symbolic.z3.Z3Engine;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.target.Reject;
import io.nflint.ir.target.Verdict;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether removing a reachable rule changes nothing: a later rule of the chain deciding all its
 * packets alike, concrete probes that find a packet ending differently without it, else the solver
 * comparing each stage's end with and without the rule.
 */
abstract class RedundancyQueries extends ReachQueries {

    RedundancyQueries(Z3Engine engine, Ruleset rs, RuleSetShare share, java.util.function.Predicate<Rule> examine,
                      io.nflint.host.HostModel host) {
        super(engine, rs, share, examine, host);
    }

    static final String SAME_RESULT = "the rules after it give every packet it matches the same result";

    /** Whether, on every call path, a later rule of the chain decides all the rule's packets as it does. */
    boolean sameLater(Rule r, List<Slice> parts) {
        for (Slice q : parts) {
            if (chainCovers.sameLater(r, q.boxes().get(0)) == null) {
                return false;
            }
        }
        return true;
    }

    private static final int MAX_REDUNDANCY_PROBES = 8;
    final Map<String, List<Rule>> tableRules = new HashMap<>();

    /**
     * Whether a concrete packet ends differently without the rule: the one that reached it, else
     * packets of the rule that a later rule with another verdict would also match (those are the
     * ones removing the rule could hand to it), else, for a rule of established connections only,
     * packets of connections another rule opens.
     */
    boolean changesWithoutByProbe(Rule r, List<Place> places, List<Slice> parts) {
        if (probe.changesWithout(r)) {
            return true;
        }
        for (Box port : Box.otherPorts(lowered(r), MAX_REDUNDANCY_PROBES)) {
            for (Slice q : parts) {
                Box b = q.boxes().get(0).intersect(port);
                for (Place p : b == null ? List.<Place>of() : places) {
                    if (probe(r, p, b) && probe.changesWithout(r)) {
                        return true;
                    }
                }
            }
        }
        List<Rule> all = tableRules.computeIfAbsent(r.table(), tn -> rs.rules().stream().filter(x -> x.table().equals(tn)).toList());
        int at = -1;
        for (int i = 0; i < all.size() && at < 0; i++) {
            if (all.get(i) == r) {
                at = i;
            }
        }
        if (changesWithoutByProbe(r, places, parts, all, at, alt -> otherDecision(r, alt), MAX_REDUNDANCY_PROBES * 4)) {
            return true;
        }
        // the probe's later packet of a connection only exists when its first packet got through:
        // a box another rule accepts NEW packets for opens one, and without the rule its later
        // packets often meet nothing that accepts them (the opening rules ask for NEW, or SYN)
        return probe.wantsEstablished(r) && changesWithoutByProbe(r, places, parts, all, at,
                alt -> alt.target() instanceof Verdict v && v.kind() == Verdict.Kind.ACCEPT && opens(alt),
                MAX_REDUNDANCY_PROBES * 2);
    }

    /**
     * Probes packets of the rule within the boxes of the table's other rules that {@code pick}
     * chooses, in order after the rule; gives up after {@code maxMissed} packets that do not reach
     * it or {@code MAX_REDUNDANCY_PROBES} that do without a difference.
     */
    boolean changesWithoutByProbe(Rule r, List<Place> places, List<Slice> parts, List<Rule> all, int at,
                                          java.util.function.Predicate<Rule> pick, int maxMissed) {
        int tried = 0;
        int missed = 0;
        for (int k = 1; k < all.size(); k++) {
            Rule alt = all.get((at + k) % all.size());
            if (alt == r || !pick.test(alt)) {
                continue;
            }
            for (Box altBox : boxesInContext(alt)) {
                for (Slice q : parts) {
                    Box b = q.boxes().get(0).intersect(altBox);
                    if (b == null || b.equals(q.boxes().get(0))) {
                        // no packet for both, or the packets already tried
                        continue;
                    }
                    for (Place p : places) {
                        // a packet another rule takes before this one costs one walk; one that gets
                        // here costs two, and says the most
                        if (!probe(r, p, b)) {
                            if (++missed > maxMissed) {
                                return false;
                            }
                            continue;
                        }
                        if (probe.changesWithout(r)) {
                            return true;
                        }
                        if (++tried > MAX_REDUNDANCY_PROBES) {
                            return false;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Whether the rule takes the first packets of connections (a state match with NEW). */
    boolean opens(Rule r) {
        for (io.nflint.lower.Lowered m : lowered(r).matches()) {
            java.util.Set<io.nflint.ir.CtState> states = io.nflint.lower.Conjuncts.requiredStates(m);
            if (states != null && states.contains(io.nflint.ir.CtState.NEW)) {
                return true;
            }
        }
        return false;
    }

    /** A terminal rule that decides otherwise than {@code r} (another verdict, or another REJECT answer). */
    static boolean otherDecision(Rule r, Rule alt) {
        if (alt == r || !(alt.target() instanceof Verdict || alt.target() instanceof Reject)) {
            return false;
        }
        if (alt.target() instanceof Verdict v && v.kind() != Verdict.Kind.ACCEPT && v.kind() != Verdict.Kind.DROP) {
            return false;
        }
        if (r.target() instanceof Reject a && alt.target() instanceof Reject b) {
            return !a.with().equals(b.with());
        }
        return SymbolicWalker.verdictCode(r.target()) != SymbolicWalker.verdictCode(alt.target());
    }

    static boolean redundancyCandidate(Rule r) {
        // RETURN only ever repeats what falling off the chain does: idiomatic, never reported
        return r.target() instanceof Verdict v && (v.kind() == Verdict.Kind.ACCEPT || v.kind() == Verdict.Kind.DROP)
                || r.target() instanceof Reject;
    }

    /**
     * Null unless removing the rule provably changes nothing at the end of each of its stages, with
     * every packet it matches decided by a later rule (not by falling through to the policy: an
     * explicit ACCEPT before an ACCEPT policy documents intent and survives a policy change).
     */
    String redundant(Rule r, List<Place> places, Slice q) {
        z().without().enable(x -> x == r ? enc().ctx.mkFalse() : null);
        String with = r.target() instanceof Reject rj ? rj.with() : null;
        z().keeping().rejectAs(with);
        z().without().rejectAs(with);
        for (Place p : places) {
            PathRunner.Run on = stageEnd(z().keeping(), p, q);
            PathRunner.Run off = stageEnd(z().without(), p, q);
            BoolExpr differs = enc().ctx.mkFalse();
            List<Expr<?>> a = outcome(on);
            List<Expr<?>> b = outcome(off);
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) {
                    differs = enc().or(differs, enc().not(enc().ctx.mkEq(a.get(i), b.get(i))));
                }
            }
            if (differs.isFalse()) {
                continue;
            }
            Z3Engine.Answer ans = engine.check(engine.with(enc(), on.pre(), off.pre(), differs), new BoolExpr[0]);
            if (ans.emptiness() != Emptiness.EMPTY) {
                return null;
            }
        }
        return SAME_RESULT;
    }

    PathRunner.Run stageEnd(SymbolicWalker w, Place p, Slice q) {
        w.reset();
        return z().runner().run(w, p.path(), p.from(), p.stage(), z().runner().initial(p.path(), p.from()), enc().num(Encoding.NONE, 3),
                z().runner().pre(p.path(), p.from()), q);
    }

    static List<Expr<?>> outcome(PathRunner.Run run) {
        WalkState end = run.end();
        return List.of(run.fate(), end.verdict(), end.live(), end.mark(), end.connmark(), end.notrack(),
                end.header().dst(), end.header().dport(), end.header().src(), end.header().sport(), end.masqueraded());
    }
}
