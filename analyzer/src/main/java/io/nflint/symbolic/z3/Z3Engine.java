package io.nflint.symbolic.z3;

import io.nflint.symbolic.Emptiness;
import io.nflint.symbolic.EngineOptions;
import io.nflint.symbolic.EngineStats;
import io.nflint.symbolic.PacketSet;
import io.nflint.symbolic.RuleLogicReport;
import io.nflint.symbolic.SlowSolverHook;
import io.nflint.symbolic.SymbolicEngine;
import io.nflint.symbolic.SymbolicUnavailableException;
import io.nflint.symbolic.WorkLimits;
import io.nflint.symbolic.DiffContext;
import io.nflint.symbolic.diff.Differ;
import io.nflint.symbolic.SemanticDiff;
import io.nflint.symbolic.logic.RuleLogic;
import io.nflint.symbolic.slice.Slice;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.pipeline.PacketPath;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Z3 backend: one context and one solver for this engine's life (one per run and thread, as
 * Z3 contexts are not thread-safe); each query runs on a reset solver under a counted work limit
 * ({@code rlimit}). An UNKNOWN answer (work limit, incompleteness) is reported as such, never as
 * "no packet".
 */
public final class Z3Engine implements SymbolicEngine {

    /** Null until a query needs the solver (engines opened {@link #openOnDemand on demand}). */
    private Context ctx;
    public final EngineOptions options;
    private boolean closed;

    private Z3Engine(Context ctx, EngineOptions options) {
        this.ctx = ctx;
        this.options = options;
    }

    public static Z3Engine open(EngineOptions options) {
        return new Z3Engine(load(), options);
    }

    /**
     * An engine that loads Z3 only when a query needs it: rule logic settles most rules with
     * concrete probes and covering rules, and unpacking and loading the native library costs more
     * than a whole check of a small host. {@link SymbolicUnavailableException} then comes from the
     * first call that needs the solver.
     */
    public static Z3Engine openOnDemand(EngineOptions options) {
        return new Z3Engine(null, options);
    }

    private static Context load() {
        try {
            return Z3Objects.heldUntilClose(new Context());
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new SymbolicUnavailableException("the Z3 solver could not be loaded (" + e
                    + "); it unpacks its native library into java.io.tmpdir (" + System.getProperty("java.io.tmpdir")
                    + "), which must be writable and allow executables; checks that need the symbolic engine are skipped", e);
        }
    }

    /** Whether the native context exists (tests: rule logic that needs no query never loads it). */
    public boolean loaded() {
        return ctx != null;
    }

    Context ctx() {
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        if (ctx == null) {
            ctx = load();
        }
        return ctx;
    }

    /**
     * The solver for queries with assumptions (unsat cores), reset before each like {@link #querySolver}:
     * without push/pop, Z3 asserts the facts into its incremental core inside the check, under the
     * query's rlimit; after a push it would preprocess each {@code add} at once, outside any limit.
     */
    private Solver coreSolver;

    private Solver coreSolver() {
        if (coreSolver == null) {
            coreSolver = ctx().mkSolver();
            limit(coreSolver);
        } else {
            coreSolver.reset();
        }
        return coreSolver;
    }

    /** Every solver stops after {@link EngineOptions#queryWork()} of Z3's counted steps: never after a time. */
    private void limit(Solver s) {
        Params p = ctx().mkParams();
        p.add("rlimit", (int) options.queryWork());
        s.setParameters(p);
    }

    /** The answer for {@code query} under {@code axioms}, holding the given assumptions. */
    public Answer check(List<BoolExpr> facts, BoolExpr[] assumptions) {
        long t0 = EngineStats.clock();
        try {
            return checkCounted(facts, assumptions);
        } finally {
            if (DUMP_SLOW && EngineStats.clock() - t0 > io.nflint.debug.DebugSwitches.CURRENT.dumpSlowMs() * 1_000_000L) {
                try {
                    StringBuilder sb = new StringBuilder();
                    for (BoolExpr f : facts) {
                        sb.append(f).append("\n;;\n");
                    }
                    java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/slow-query.smt"), sb.toString());
                } catch (java.io.IOException e) {
                    // debugging aid only
                }
            }
            EngineStats.SOLVE_NANOS.addAndGet(EngineStats.clock() - t0);
            EngineStats.CHECKS.incrementAndGet();
        }
    }

    private Answer checkCounted(List<BoolExpr> facts, BoolExpr[] assumptions) {
        // a reset solver per query: without push/pop or assumptions Z3 may preprocess and bit-blast
        // (its non-incremental path), which is far faster on these bit-vector formulas
        Solver s = assumptions.length == 0 ? freshSolver() : coreSolver();
        for (BoolExpr f : facts) {
            s.add(f);
        }
        SlowSolverHook.pause();
        Status st = s.check(assumptions);
        try {
            if (st == Status.SATISFIABLE) {
                return new Answer(Emptiness.NONEMPTY, null, null, null);
            }
            if (st == Status.UNSATISFIABLE) {
                return new Answer(Emptiness.EMPTY, null, assumptions.length == 0 ? new BoolExpr[0] : s.getUnsatCore(), null);
            }
            return new Answer(Emptiness.UNKNOWN, null, null, reason(s));
        } finally {
            account(s);
        }
    }

    /**
     * Z3's counted steps this engine's context has taken so far (its "rlimit count"): the same for
     * the same queries in the same order on any machine, which is what budgets are counted in.
     */
    private long work;

    /** The work this engine has done so far, in Z3's resource units. */
    public long work() {
        return work;
    }

    private void account(Solver s) {
        com.microsoft.z3.Statistics.Entry e = s.getStatistics().get("rlimit count");
        if (e != null) {
            long count = e.isUInt() ? Integer.toUnsignedLong(e.getUIntValue()) : (long) e.getDoubleValue();
            if (count > work) {
                long delta = count - work;
                work = count;
                EngineStats.WORK.addAndGet(delta);
                EngineStats.MAX_QUERY_WORK.accumulateAndGet(delta, Math::max);
            }
        }
    }

    /** Why the solver gave up, in the project's words when it was the work limit. */
    private String reason(Solver s) {
        String why = s.getReasonUnknown();
        if (why != null && (why.contains("resource") || why.contains("canceled") || why.contains("rlimit"))) {
            return "solver work limit of " + WorkLimits.units(options.queryWork()) + " per query reached";
        }
        return why;
    }

    private static final boolean DUMP_SLOW = io.nflint.debug.DebugSwitches.CURRENT.dumpSlow();
    private static final String SOLVER = io.nflint.debug.DebugSwitches.CURRENT.solver();

    /**
     * One solver for all non-incremental queries, reset before each: without push/pop or assumptions
     * Z3 takes its preprocessing and bit-blasting path, and nothing accumulates natively (a new solver
     * per query held gigabytes until Java's GC released them).
     */
    private Solver querySolver;

    private Solver freshSolver() {
        if (SOLVER.equals("default")) {
            if (querySolver == null) {
                querySolver = newSolver();
            } else {
                querySolver.reset();
            }
            return querySolver;
        }
        return newSolver();
    }

    private Solver newSolver() {
        Solver s;
        switch (SOLVER) {
            case "default": s = ctx().mkSolver(); break;
            case "simple": s = ctx().mkSimpleSolver(); break;
            case "tactic": s = ctx().mkSolver(ctx().andThen(ctx().mkTactic("simplify"), ctx().mkTactic("propagate-values"),
                    ctx().mkTactic("ackermannize_bv"), ctx().mkTactic("bit-blast"), ctx().mkTactic("sat"))); break;
            case "smt": s = ctx().mkSolver(ctx().andThen(ctx().mkTactic("simplify"), ctx().mkTactic("propagate-values"), ctx().mkTactic("smt"))); break;
            default: s = ctx().mkSolver(SOLVER);
        }
        limit(s);
        return s;
    }

    /** Solves and, when satisfiable, hands the model to {@code read} before the solver moves on. */
    /** Like {@link #withModel} but first with {@code preferred} added (nicer witnesses), then without. */
    public <T> T withPreferredModel(List<BoolExpr> facts, BoolExpr preferred, Function<Model, T> read) {
        List<BoolExpr> nice = new ArrayList<>(facts);
        nice.add(preferred);
        T t = withModel(nice, read);
        return t != null ? t : withModel(facts, read);
    }

    public <T> T withModel(List<BoolExpr> facts, Function<Model, T> read) {
        long t0 = EngineStats.clock();
        // models are read after the check, so this one gets its own solver
        Solver s = newSolver();
        for (BoolExpr f : facts) {
            s.add(f);
        }
        SlowSolverHook.pause();
        Status st = s.check();
        account(s);
        EngineStats.SOLVE_NANOS.addAndGet(EngineStats.clock() - t0);
        EngineStats.CHECKS.incrementAndGet();
        // only the latest call counts: a preferred attempt that gave up is settled by the plain one after it
        undecided = st == Status.UNKNOWN ? reason(s) : null;
        if (st != Status.SATISFIABLE) {
            return null;
        }
        return read.apply(s.getModel());
    }

    /** Why the latest {@link #withModel} could not decide (null: it found a model or proved there is none). */
    private String undecided;

    /** The reason the latest {@link #withModel} gave up, or null; clears it. */
    public String takeUndecided() {
        String u = undecided;
        undecided = null;
        return u;
    }

    /** A solver answer; the core holds the assumptions an EMPTY answer needed. */
    public record Answer(Emptiness emptiness, Model model, BoolExpr[] core, String reason) {
    }

    public Encoding encoding(List<Ruleset> rulesets) {
        return encoding(rulesets, List.of(), 0);
    }

    /** The encoding of an IP family's rule sets; {@code known} interface names and {@code spares} made-up ones join the enumeration. */
    public Encoding encoding(List<Ruleset> rulesets, java.util.Collection<String> known, int spares) {
        Family f = rulesets.get(0).family();
        return new Encoding(ctx(), f == Family.IPV6, new Interfaces(rulesets, known, spares));
    }

    /** The encoding of one rule set on the host {@code host} describes (null: any host). */
    Encoding encoding(Ruleset rs, io.nflint.host.HostModel host) {
        return encoding(rs, host == null ? null : HostFacts.of(host, rs.family() == Family.IPV6), 0);
    }

    /** The encoding of one rule set on the host {@code facts} describe (null: any host), with {@code spares} made-up interfaces more. */
    Encoding encoding(Ruleset rs, HostFacts facts, int spares) {
        return encoding(rs, facts, interfaces(rs, facts, spares));
    }

    /** The interfaces {@link #encoding(Ruleset, HostFacts, int)} enumerates, without loading the solver. */
    static Interfaces interfaces(Ruleset rs, HostFacts facts, int spares) {
        return new Interfaces(List.of(rs), facts == null ? List.of() : facts.interfaceNames(), spares);
    }

    /** The encoding of one rule set over interfaces from {@link #interfaces}. */
    public Encoding encoding(Ruleset rs, HostFacts facts, Interfaces ifaces) {
        Encoding enc = new Encoding(ctx(), rs.family() == Family.IPV6, ifaces);
        return facts == null ? enc : enc.withHost(facts);
    }

    @Override
    public RuleLogicReport ruleLogic(Ruleset ruleset, java.util.function.Predicate<io.nflint.ir.Rule> examine,
                                     io.nflint.host.HostModel host) {
        if (!ruleset.family().isIp()) {
            return RuleLogicReport.empty();
        }
        return new RuleLogic(this, ruleset, examine, host).run();
    }

    @Override
    public PacketSet delivered(Ruleset ruleset, PacketPath path, String inIface) {
        Encoding enc = encoding(List.of(ruleset));
        SymbolicWalker w = new SymbolicWalker(enc, ruleset, "d");
        PathRunner runner = new PathRunner(enc);
        PathRunner.Run run;
        if (path == PacketPath.LOCAL_OUT) {
            run = runner.localOut(w, Slice.ALL);
        } else if (path == PacketPath.BRIDGED) {
            throw new IllegalArgumentException("bridged paths are not modelled by the symbolic engine yet");
        } else {
            run = runner.ingress(w, Slice.ALL);
            BoolExpr branch = path == PacketPath.LOCAL_IN ? run.local() : enc.not(run.local());
            run = new PathRunner.Run(run.end(), run.fate(), enc.and(run.pre(), branch), run.local());
        }
        BoolExpr set = enc.and(run.pre(), ctx().mkEq(run.fate(), enc.num(Encoding.ACCEPT, 3)));
        if (inIface != null) {
            set = enc.and(set, ctx().mkEq(enc.input.inIf(), enc.num(enc.ifaces.id(inIface), enc.ifaces.bits())));
        }
        return new Z3PacketSet(this, enc, set);
    }

    @Override
    public PacketSet all(Ruleset ruleset) {
        Encoding enc = encoding(List.of(ruleset));
        return new Z3PacketSet(this, enc, ctx().mkTrue());
    }

    @Override
    public SemanticDiff diff(Ruleset oldRules, Ruleset newRules, int witnessesPerEntry, DiffContext context) {
        return new Differ(this, oldRules, newRules, witnessesPerEntry, context).run();
    }

    @Override
    public io.nflint.symbolic.NftRuleLogicReport nftRuleLogic(io.nflint.ir.nft.NftRuleset ruleset) {
        return new NftRuleLogic(this, ruleset).run();
    }

    public List<BoolExpr> with(Encoding enc, BoolExpr... more) {
        List<BoolExpr> facts = new ArrayList<>(enc.axioms);
        for (BoolExpr b : more) {
            facts.add(b);
        }
        return facts;
    }

    public static String name(Expr<?> e) {
        return Encoding.symbolName(e);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (ctx != null) {
                ctx.close();
            }
        }
    }
}
