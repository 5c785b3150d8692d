package io.nflint.symbolic.logic;

import io.nflint.symbolic.Emptiness;
import io.nflint.symbolic.EngineStats;
import io.nflint.symbolic.slice.Box;
import io.nflint.pipeline.CallGraph;
import io.nflint.symbolic.slice.CallContexts;
import io.nflint.symbolic.slice.Slice;
import io.nflint.symbolic.z3.Encoding;
import io.nflint.symbolic.z3.Header;
import io.nflint.symbolic.z3.PathRunner;
import io.nflint.symbolic.z3.SiteTree;
import io.nflint.symbolic.z3.SymbolicWalker;
import io.nflint.symbolic.z3.Z3Engine;
import com.microsoft.z3.BoolExpr;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.pipeline.HookPlan;
import io.nflint.pipeline.PacketPath;
import io.nflint.pipeline.Stage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether any packet reaches a rule: covering earlier rules, concrete probes, then the solver (a
 * guessed packet first, then the open search); when none does, the unsat core over the rules'
 * "enabled" literals names the rules that stop it.
 */
abstract class ReachQueries extends RuleQueries {

    ReachQueries(Z3Engine engine, Ruleset rs, RuleSetShare share, java.util.function.Predicate<Rule> examine,
                 io.nflint.host.HostModel host) {
        super(engine, rs, share, examine, host);
    }

    private static final int MAX_CORE_FOR_MINIMISING = 24;

    static final class Outcome {
        boolean reachable;
        String undecided;
        List<Rule> covering = List.of();
    }

    /**
     * Whether the given rules alone stop every packet of {@code r} in the solver's terms: the query
     * with an "enabled" literal per rule is unsatisfiable assuming only theirs (every other rule may
     * be switched off). Checks that a proof's rules are an unsat core, as the solver's own are.
     */
    boolean suffices(Rule r, java.util.Collection<Rule> rules) {
        CallContexts g = contexts(rs.table(r.table()).orElseThrow());
        Box own = Box.of(lowered(r));
        BoolExpr[] lits = rules.stream().map(this::literal).toArray(BoolExpr[]::new);
        for (Box ctx : g.contexts(r.chain())) {
            Box b = own == null ? null : ctx.intersect(own);
            if (b == null) {
                continue;
            }
            for (Place p : places(r.table(), g.graph().hooks(r.chain()))) {
                BoolExpr[] explained = reachQuery(r, p, new Slice(List.of(b)), true);
                if (explained != null && engine.check(engine.with(enc(), explained), lits).emptiness() != Emptiness.EMPTY) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Reachable as soon as one place and one call path lets a packet take the rule. */
    Outcome reach(Rule r, List<Place> places, List<Slice> parts) {
        Outcome o = new Outcome();
        Set<Rule> covering = new LinkedHashSet<>();
        if (engine.options.chainCovers() && !parts.isEmpty() && coveredByEarlier(r, parts, covering)) {
            EngineStats.COVERED.incrementAndGet();
            o.covering = new ArrayList<>(covering);
            return o;
        }
        covering.clear();
        // a packet the concrete walker takes through the rule settles it without the solver
        for (Slice q : engine.options.concreteProbes() ? parts : List.<Slice>of()) {
            for (Place p : places) {
                if (probe(r, p, q.boxes().get(0))) {
                    o.reachable = true;
                    EngineStats.PROBED.incrementAndGet();
                    return o;
                }
            }
        }
        if (engine.options.concreteProbes() && probeFromCallers(r, places)) {
            o.reachable = true;
            EngineStats.PROBED.incrementAndGet();
            return o;
        }
        for (Slice q : parts) {
            for (Place p : places) {
                BoolExpr[] query = reachQuery(r, p, q, false);
                if (query == null) {
                    // the plain walk stopped before the rule (an earlier rule, maybe inside a called
                    // chain, decided every live packet): the walk with literals still gets there
                    explain(r, p, q, covering);
                    continue;
                }
                // most rules are reachable by an ordinary packet from their own box: with the header
                // fixed, the solver only propagates constants; the open search runs when that fails
                // first everything fixed (interfaces, marks, state too): the solver only simplifies
                List<BoolExpr> fixed = engine.with(enc(), query);
                fixed.add(guess(q.boxes().get(0)));
                if (p.path() != PacketPath.BRIDGED) {
                    fixed.add(guessRest(r, p, q.boxes().get(0)));
                }
                if (engine.check(fixed, new BoolExpr[0]).emptiness() == Emptiness.NONEMPTY) {
                    o.reachable = true;
                    return o;
                }
                List<BoolExpr> guessed = engine.with(enc(), query);
                guessed.add(guess(q.boxes().get(0)));
                if (engine.check(guessed, new BoolExpr[0]).emptiness() == Emptiness.NONEMPTY) {
                    o.reachable = true;
                    return o;
                }
                Z3Engine.Answer a = engine.check(engine.with(enc(), query), new BoolExpr[0]);
                if (a.emptiness() == Emptiness.NONEMPTY) {
                    o.reachable = true;
                    return o;
                }
                if (a.emptiness() == Emptiness.UNKNOWN) {
                    o.undecided = "whether any packet reaches it (" + a.reason() + ")";
                    return o;
                }
                explain(r, p, q, covering);
            }
        }
        o.covering = new ArrayList<>(covering);
        return o;
    }

    /** Whether, on every call path, one earlier rule of the chain takes all the rule's packets (adds the proof's rules). */
    boolean coveredByEarlier(Rule r, List<Slice> parts, Set<Rule> covering) {
        for (Slice q : parts) {
            List<Rule> proof = chainCovers.cover(r, q.boxes().get(0));
            if (proof == null) {
                return false;
            }
            covering.addAll(proof);
        }
        return true;
    }

    private static final int MAX_CALLER_PROBES = 32;

    /**
     * A chain called from thousands of places (KUBE-MARK-MASQ) has one context, "any packet", whose
     * sample packet meets none of the calls: a packet from a calling rule's own box gets there.
     */
    boolean probeFromCallers(Rule r, List<Place> places) {
        Box own = Box.of(lowered(r));
        CallGraph g = graph(rs.table(r.table()).orElseThrow());
        if (own == null || g == null) {
            return false;
        }
        int tried = 0;
        for (Rule j : g.callers(r.chain())) {
            Box jb = Box.of(lowered(j));
            Box b = jb == null ? null : jb.intersect(own);
            if (b == null || b.equals(own)) {
                continue;
            }
            for (Place p : places) {
                if (probe(r, p, b)) {
                    return true;
                }
            }
            if (++tried >= MAX_CALLER_PROBES) {
                return false;
            }
        }
        return false;
    }

    /**
     * Adds the rules that stop every packet of {@code r} here: encoded again with an "enabled"
     * literal per rule (callee chains included, so a jump's core holds the callee's deciding rules
     * too; {@link Covers} lifts those to the jump).
     */
    void explain(Rule r, Place p, Slice q, Set<Rule> covering) {
        if (covering.size() >= 32) {
            return;
        }
        BoolExpr[] explained = reachQuery(r, p, q, true);
        if (explained == null) {
            return;
        }
        BoolExpr[] lits = literalsInOrder.toArray(new BoolExpr[0]);
        Z3Engine.Answer core = engine.check(engine.with(enc(), explained), lits);
        if (core.emptiness() == Emptiness.EMPTY) {
            covering.addAll(minimalCore(core.core(), java.util.Arrays.asList(explained), r));
        }
    }

    SymbolicWalker bridgedWalker;
    SymbolicWalker bridgedExplaining;
    PathRunner bridgedRunner;

    /** Walkers for frames on the bridged path, where physdev matches see the bridge ports. */
    SymbolicWalker bridgedWalker(boolean literals) {
        if (bridgedWalker == null) {
            Encoding onBridge = enc().onBridgedPath(false);
            bridgedWalker = new SymbolicWalker(onBridge, rs, "r", lowered);
            bridgedExplaining = new SymbolicWalker(onBridge, rs, "r", lowered).enable(this::literal);
        }
        return literals ? bridgedExplaining : bridgedWalker;
    }

    PathRunner bridgedRunner() {
        if (bridgedRunner == null) {
            bridgedRunner = new PathRunner(enc().onBridgedPath(false));
        }
        return bridgedRunner;
    }

    /** The path's assumptions and "some packet takes the rule", or null when the walk never gets there. */
    BoolExpr[] reachQuery(Rule r, Place p, Slice q, boolean literals) {
        boolean frame = p.path() == PacketPath.BRIDGED;
        SymbolicWalker w = frame ? bridgedWalker(literals) : literals ? z().explaining() : z().walker();
        w.reset();
        Stage.Chain at = (Stage.Chain) HookPlan.path(p.path(), frame).get(p.stage());
        w.horizon(io.nflint.debug.DebugSwitches.CURRENT.noHorizon() ? null : r, at.table() + ":" + at.hook().name());
        long t0 = EngineStats.clock();
        PathRunner.Run run = frame ? bridgedRunner().bridged(w, null, q, true)
                : z().runner().run(w, p.path(), p.from(), p.stage(), z().runner().initial(p.path(), p.from()),
                        enc().num(Encoding.NONE, 3), z().runner().pre(p.path(), p.from()), q);
        EngineStats.ENCODE_NANOS.addAndGet(EngineStats.clock() - t0);
        List<BoolExpr> taken = new ArrayList<>();
        for (SiteTree tree : w.trees()) {
            tree.takenOf(r, enc(), enc().ctx.mkTrue(), taken);
        }
        BoolExpr any = enc().ctx.mkFalse();
        for (BoolExpr t : taken) {
            any = enc().or(any, t);
        }
        return any.isFalse() ? null : new BoolExpr[] {run.pre(), any};
    }

    /** The box's sample header as constraints on the input (see {@link Box#sample}). */
    BoolExpr guess(Box b) {
        Header h = enc().input;
        Box.Sample g = b.sample(enc().v6);
        return enc().ctx.mkAnd(enc().ctx.mkEq(h.src(), enc().addr(g.src())), enc().ctx.mkEq(h.dst(), enc().addr(g.dst())),
                enc().ctx.mkEq(h.proto(), enc().num(g.proto(), 8)), enc().ctx.mkEq(h.sport(), enc().num(g.sport(), 16)),
                enc().ctx.mkEq(h.dport(), enc().num(g.dport(), 16)));
    }

    /**
     * The rest of a guessed packet, from what the rule itself asks for: its interfaces (the box's, or
     * one its negations allow), marks and conntrack state, and the routing decision for the guessed
     * destination. A guess only proves reachability when it works; otherwise the open search runs.
     */
    BoolExpr guessRest(Rule r, Place p, Box b) {
        Header h = enc().input;
        int bits = ifaces.bits();
        List<BoolExpr> eq = new ArrayList<>();
        int other = ifaces.count() - 1;
        int in = ifaceGuess(r, b.inIf(), io.nflint.lower.Field.IIFNAME, other);
        int out = ifaceGuess(r, b.outIf(), io.nflint.lower.Field.OIFNAME, other);
        if (p.path() != PacketPath.LOCAL_OUT && in >= 0) {
            eq.add(enc().ctx.mkEq(h.inIf(), enc().num(in, bits)));
        }
        if (p.path() != PacketPath.LOCAL_IN && out >= 0) {
            eq.add(enc().ctx.mkEq(enc().route(h.dst()), enc().num(out, bits)));
        }
        long mark = 0;
        long connmark = 0;
        int ct = Encoding.CT_NEW;
        for (io.nflint.lower.Lowered m : lowered(r).matches()) {
            io.nflint.lower.Values.Masked mk = io.nflint.lower.Conjuncts.requiredMark(m, io.nflint.lower.Field.META_MARK);
            io.nflint.lower.Values.Masked cmk = io.nflint.lower.Conjuncts.requiredMark(m, io.nflint.lower.Field.CT_MARK);
            Set<io.nflint.ir.CtState> states = io.nflint.lower.Conjuncts.requiredStates(m);
            if (mk != null) {
                mark = mk.value() & mk.mask();
            } else if (cmk != null) {
                connmark = cmk.value() & cmk.mask();
            } else if (states != null) {
                ct = ctCode(states, ct);
            }
        }
        eq.add(enc().ctx.mkEq(enc().mark, enc().num(mark, 32)));
        eq.add(enc().ctx.mkEq(enc().connmark, enc().num(connmark, 32)));
        eq.add(enc().ctx.mkEq(enc().ct, enc().num(ct, 3)));
        eq.add(enc().not(h.fragment()));
        return enc().ctx.mkAnd(eq.toArray(new BoolExpr[0]));
    }

    static int ctCode(Set<io.nflint.ir.CtState> states, int dflt) {
        for (io.nflint.ir.CtState s : List.of(io.nflint.ir.CtState.NEW, io.nflint.ir.CtState.ESTABLISHED,
                io.nflint.ir.CtState.RELATED, io.nflint.ir.CtState.INVALID)) {
            if (states.contains(s)) {
                return java.util.Arrays.asList(Encoding.CT_NAMES).indexOf(s.name());
            }
        }
        return dflt;
    }

    /** The rules in an unsat core, shrunk by deletion while it stays unsatisfiable. */
    List<Rule> minimalCore(BoolExpr[] core, List<BoolExpr> facts, Rule self) {
        List<BoolExpr> kept = new ArrayList<>(List.of(core));
        if (engine.options.minimiseCovering() && kept.size() <= MAX_CORE_FOR_MINIMISING) {
            for (int i = kept.size() - 1; i >= 0; i--) {
                List<BoolExpr> trial = new ArrayList<>(kept);
                trial.remove(i);
                List<BoolExpr> all = new ArrayList<>(enc().axioms);
                all.addAll(facts);
                if (engine.check(all, trial.toArray(new BoolExpr[0])).emptiness() == Emptiness.EMPTY) {
                    kept = trial;
                }
            }
        }
        List<Rule> rules = new ArrayList<>();
        for (BoolExpr lit : kept) {
            Rule rule = byLiteral.get(Z3Engine.name(lit));
            if (rule != null && rule != self) {
                rules.add(rule);
            }
        }
        rules.sort(java.util.Comparator.comparingInt(x -> x.span().line()));
        return rules;
    }
}
