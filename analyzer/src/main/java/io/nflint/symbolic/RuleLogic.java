package io.nflint.symbolic;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.Reject;
import io.nflint.ir.target.Verdict;
import io.nflint.pipeline.HookPlan;
import io.nflint.pipeline.PacketPath;
import io.nflint.pipeline.Stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shadowed, redundant and unreachable: for each rule, every place a path runs its table's hook
 * (stage), the packets that reach and match it. Each query starts after the last nat stage before
 * the rule's stage with an arbitrary packet and arbitrary marks (so a NAT rewrite or a drop before
 * it can only make it look more reachable, never less), runs the stages up to and including the
 * rule's, and encodes only the rules whose box overlaps the rule's slice.
 *
 * <p>Every encoded rule gets an "enabled" literal, assumed true; when the rule is unreachable, the
 * unsat core over those literals names rules that stop everything it matches (as Batfish's
 * filterLineReachability explains blocked lines), minimised by deletion.
 */
final class RuleLogic {

    private static final PacketPath[] PATHS = {PacketPath.ROUTED, PacketPath.LOCAL_IN, PacketPath.LOCAL_OUT};
    private static final int MAX_CORE_FOR_MINIMISING = 24;

    private final Z3Engine engine;
    private final Ruleset rs;
    private final Encoding enc;
    private final Walker walker;
    private final PathRunner runner;
    private final Map<Rule, BoolExpr> enabled = new IdentityHashMap<>();
    private final Map<String, Rule> byLiteral = new HashMap<>();

    RuleLogic(Z3Engine engine, Ruleset rs) {
        this.engine = engine;
        this.rs = rs;
        this.enc = engine.encoding(List.of(rs));
        this.walker = new Walker(enc, rs, "r").enable(this::literal);
        this.runner = new PathRunner(enc);
    }

    private BoolExpr literal(Rule r) {
        return enabled.computeIfAbsent(r, k -> {
            String name = "en!" + enabled.size();
            byLiteral.put(name, k);
            return enc.ctx.mkBoolConst(name);
        });
    }

    /** One place a rule runs: path, the stage index of its hook, where the query starts. */
    private record Place(PacketPath path, int stage, int from) {
    }

    RuleLogicReport run() {
        List<RuleLogicReport.Shadowed> shadowed = new ArrayList<>();
        List<RuleLogicReport.Redundant> redundant = new ArrayList<>();
        List<RuleLogicReport.Undecided> undecided = new ArrayList<>();
        Set<Rule> unreachableRules = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<RuleLogicReport.UnreachableChain> chains = new ArrayList<>();
        for (Table t : rs.tables()) {
            CallGraph graph = new CallGraph(rs, t);
            for (Chain c : t.chains()) {
                if (graph.hooks(c.name()).isEmpty()) {
                    continue;
                }
                Slice context = graph.slice(c.name());
                for (Rule r : c.rules()) {
                    List<Place> places = places(t.name(), graph.hooks(c.name()));
                    Slice q = context.within(Box.of(r));
                    Outcome o = reach(r, places, q);
                    if (o.undecided != null) {
                        undecided.add(new RuleLogicReport.Undecided(r, o.undecided));
                    } else if (!o.reachable) {
                        unreachableRules.add(r);
                        shadowed.add(new RuleLogicReport.Shadowed(r, o.covering, differing(r, o.covering)));
                    } else if (redundancyCandidate(r)) {
                        String why = redundant(r, places, q);
                        if (why != null) {
                            redundant.add(new RuleLogicReport.Redundant(r, List.of(), why));
                        }
                    }
                }
            }
            // a chain whose every jump is unreachable is reported once, instead of each of its rules
            Set<String> dead = new LinkedHashSet<>();
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Chain c : t.chains()) {
                    List<Rule> jumps = graph.callers(c.name());
                    if (c.builtin() || jumps.isEmpty() || dead.contains(c.name()) || graph.hooks(c.name()).isEmpty()) {
                        continue;
                    }
                    boolean allDead = true;
                    for (Rule j : jumps) {
                        if (!unreachableRules.contains(j) && !dead.contains(j.chain())) {
                            allDead = false;
                            break;
                        }
                    }
                    if (allDead) {
                        dead.add(c.name());
                        grew = true;
                    }
                }
            }
            for (String d : dead) {
                List<Rule> jumps = graph.callers(d).stream().filter(j -> !dead.contains(j.chain())).toList();
                if (!jumps.isEmpty()) {
                    chains.add(new RuleLogicReport.UnreachableChain(t.name(), d, jumps));
                }
            }
            shadowed.removeIf(s -> s.rule().table().equals(t.name()) && dead.contains(s.rule().chain()));
        }
        return new RuleLogicReport(shadowed, redundant, chains, undecided);
    }

    private List<Place> places(String table, Set<io.nflint.pipeline.Hook> hooks) {
        List<Place> out = new ArrayList<>();
        for (PacketPath p : PATHS) {
            List<Stage> stages = HookPlan.path(p, false);
            int from = 0;
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i) instanceof Stage.Chain c && !c.bridgeFamily()) {
                    if (c.table().equals(table) && hooks.contains(c.hook())) {
                        out.add(new Place(p, i, from));
                    }
                    if (c.natOnly() && rewrites(c.hook())) {
                        from = i + 1;
                    }
                }
            }
        }
        return out;
    }

    /** Whether the nat table can rewrite a header at this hook (a NAT target in a chain it reaches). */
    private boolean rewrites(io.nflint.pipeline.Hook hook) {
        return natRewrites.computeIfAbsent(hook, h -> {
            Table nat = rs.table("nat").orElse(null);
            if (nat == null) {
                return false;
            }
            CallGraph g = new CallGraph(rs, nat);
            for (Chain c : nat.chains()) {
                if (!g.hooks(c.name()).contains(h)) {
                    continue;
                }
                for (Rule r : c.rules()) {
                    io.nflint.ir.target.Target t = r.target();
                    if (t instanceof io.nflint.ir.target.Dnat || t instanceof io.nflint.ir.target.Snat
                            || t instanceof io.nflint.ir.target.Masquerade || t instanceof io.nflint.ir.target.Redirect
                            || t instanceof io.nflint.ir.target.Netmap || t instanceof io.nflint.ir.target.UnknownTarget) {
                        return true;
                    }
                }
            }
            return false;
        });
    }

    private final Map<io.nflint.pipeline.Hook, Boolean> natRewrites = new java.util.EnumMap<>(io.nflint.pipeline.Hook.class);

    private static final class Outcome {
        boolean reachable;
        String undecided;
        List<Rule> covering = List.of();
    }

    private Outcome reach(Rule r, List<Place> places, Slice q) {
        Outcome o = new Outcome();
        Set<Rule> covering = new LinkedHashSet<>();
        for (Place p : places) {
            walker.reset();
            List<BoolExpr> taken = new ArrayList<>();
            walker.listener((rule, stage, t, before) -> {
                if (rule == r) {
                    taken.add(t);
                }
            });
            PathRunner.Run run = runner.run(walker, p.path(), p.from(), p.stage(), runner.initial(), enc.num(Encoding.NONE, 3),
                    p.path() == PacketPath.LOCAL_OUT ? runner.localOutPre() : runner.ingressPre(), q);
            BoolExpr any = enc.ctx.mkFalse();
            for (BoolExpr t : taken) {
                any = enc.or(any, t);
            }
            if (any.isFalse()) {
                continue;
            }
            BoolExpr[] lits = enabled.values().toArray(new BoolExpr[0]);
            Z3Engine.Answer a = engine.check(engine.with(enc, run.pre(), any), lits);
            if (a.emptiness() == Emptiness.NONEMPTY) {
                o.reachable = true;
                return o;
            }
            if (a.emptiness() == Emptiness.UNKNOWN) {
                o.undecided = "whether any packet reaches it (" + a.reason() + ")";
                return o;
            }
            covering.addAll(minimalCore(a.core(), List.of(run.pre(), any), r));
        }
        o.covering = new ArrayList<>(covering);
        return o;
    }

    /** The rules in an unsat core, shrunk by deletion while it stays unsatisfiable. */
    private List<Rule> minimalCore(BoolExpr[] core, List<BoolExpr> facts, Rule self) {
        List<BoolExpr> kept = new ArrayList<>(List.of(core));
        if (engine.options.minimiseCovering() && kept.size() <= MAX_CORE_FOR_MINIMISING) {
            for (int i = kept.size() - 1; i >= 0; i--) {
                List<BoolExpr> trial = new ArrayList<>(kept);
                trial.remove(i);
                List<BoolExpr> all = new ArrayList<>(enc.axioms);
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

    private static List<Rule> differing(Rule r, List<Rule> covering) {
        List<Rule> out = new ArrayList<>();
        for (Rule c : covering) {
            if (!c.target().name().equals(r.target().name())) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean redundancyCandidate(Rule r) {
        return r.target() instanceof Verdict v && v.kind() != Verdict.Kind.CONTINUE || r.target() instanceof Reject;
    }

    /** Null unless removing the rule provably changes nothing at the end of each of its stages. */
    private String redundant(Rule r, List<Place> places, Slice q) {
        BoolExpr self = literal(r);
        for (Place p : places) {
            walker.reset();
            walker.listener((rule, stage, t, before) -> { });
            PathRunner.Run run = runner.run(walker, p.path(), p.from(), p.stage(), runner.initial(), enc.num(Encoding.NONE, 3),
                    p.path() == PacketPath.LOCAL_OUT ? runner.localOutPre() : runner.ingressPre(), q);
            WalkState end = run.end();
            List<Expr<?>> fields = List.of(run.fate(), end.verdict(), end.live(), end.mark(), end.connmark(), end.notrack(),
                    end.header().dst(), end.header().dport(), end.header().src(), end.header().sport(), end.masqueraded());
            BoolExpr differs = enc.ctx.mkFalse();
            for (Expr<?> f : fields) {
                Expr<?> on = f.substitute(self, enc.ctx.mkTrue());
                Expr<?> off = f.substitute(self, enc.ctx.mkFalse());
                if (!on.equals(off)) {
                    differs = enc.or(differs, enc.not(enc.ctx.mkEq(on, off)));
                }
            }
            if (differs.isFalse()) {
                continue;
            }
            List<BoolExpr> others = new ArrayList<>(enabled.values());
            others.remove(self);
            Z3Engine.Answer a = engine.check(engine.with(enc, run.pre(), differs), others.toArray(new BoolExpr[0]));
            if (a.emptiness() != Emptiness.EMPTY) {
                return null;
            }
        }
        Chain chain = rs.table(r.table()).flatMap(t -> t.chain(r.chain())).orElse(null);
        boolean last = chain != null && chain.rules().get(chain.rules().size() - 1) == r;
        return last && chain.builtin() ? "the chain's policy " + chain.policy() + " does the same"
                : "the rules after it (or the policy) give every packet it matches the same result";
    }
}
