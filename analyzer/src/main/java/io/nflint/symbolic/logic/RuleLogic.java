package io.nflint.symbolic.logic;

import io.nflint.symbolic.EngineStats;
import io.nflint.symbolic.RuleLogicReport;
import io.nflint.symbolic.WorkLimits;
import io.nflint.symbolic.slice.Box;
import io.nflint.pipeline.CallGraph;
import io.nflint.symbolic.slice.Slice;
import io.nflint.symbolic.z3.SymbolicWalker;
import io.nflint.symbolic.z3.Z3Engine;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.pipeline.PacketPath;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
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
 * filterLineReachability explains blocked lines), minimised by deletion; {@link Covers} then names
 * the jumps in the rule's own chain (or its callers) for the rules the core found inside called chains.
 */
public final class RuleLogic extends RedundancyQueries {

    /** Redundancy needs every call path at once; past this many it is not claimed (sound, just silent). */
    private static final int MAX_PARTS_FOR_REDUNDANCY = 16;
    private static final boolean DEBUG = io.nflint.debug.DebugSwitches.CURRENT.ruleLogic();

    public RuleLogic(Z3Engine engine, Ruleset rs, java.util.function.Predicate<Rule> examine, io.nflint.host.HostModel host) {
        this(engine, rs, new RuleSetShare(rs), examine, host);
    }

    /** A copy for another worker: the rules lowered and the inferred topology are the first one's. */
    RuleLogic(Z3Engine engine, Ruleset rs, RuleSetShare share, java.util.function.Predicate<Rule> examine,
              io.nflint.host.HostModel host) {
        super(engine, rs, share, examine, host);
    }

    /** One rule to settle (or, with {@code note}, an "undecided" to report at its place in the order). */
    record Task(Table table, Rule rule, List<Place> places, List<Slice> parts, Slice q,
                        RuleLogicReport.Undecided note) {
    }

    /** What one task found; null fields: nothing of that kind. */
    static final class Result {
        RuleLogicReport.Undecided undecided;
        RuleLogicReport.Shadowed shadowed;
        RuleLogicReport.Redundant redundant;
        boolean skipped;
    }

    /**
     * How many solver contexts share a large analysis, each on its own thread with its own Z3
     * context: task i goes to worker i % WORKERS, so the queries each context sees, and with them the
     * explanations its unsat cores give, are the same on every machine.
     */
    static final int WORKERS = 2;

    /**
     * Past this many examined rules the rules are generated ones (kube-proxy's, every rule asked
     * about): probes settle nearly all of them, and a second copy of the probes' indexes cost more
     * time and memory than the few solver queries it shared (10k-service dump: 6.9 s and 4 GB on two
     * workers against 5.6 s and 3 GB on one). Hand-written firewalls, where the solver's share is
     * large, have a few thousand.
     */
    static final int PARALLEL_UP_TO_RULES = 8_000;

    public RuleLogicReport run() {
        long limit = engine.options.ruleLogicWork();
        List<Task> tasks = tasks();
        Result[] results = new Result[tasks.size()];
        long examined = tasks.stream().filter(x -> x.note() == null).count();
        int from = engine.options.parallelFromRules();
        if (from > 0 && examined >= from && examined <= PARALLEL_UP_TO_RULES) {
            // each worker's context counts its own work: each gets its share of the limit, so where
            // a worker stops depends on its fixed tasks alone, never on how fast the other one runs
            RuleLogicWorkers.settleInParallel(this, tasks, results, limit == 0 ? 0 : Math.max(1, limit / WORKERS));
        } else {
            settleShare(tasks, results, 0, 1, limit);
        }
        List<RuleLogicReport.Shadowed> shadowed = new ArrayList<>();
        List<RuleLogicReport.Redundant> redundant = new ArrayList<>();
        List<RuleLogicReport.Undecided> undecided = new ArrayList<>();
        Set<Rule> unreachableRules = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<RuleLogicReport.UnreachableChain> chains = new ArrayList<>();
        int analysed = 0;
        int skipped = 0;
        int next = 0;
        for (Table t : rs.tables()) {
            for (; next < tasks.size() && tasks.get(next).table() == t; next++) {
                Task task = tasks.get(next);
                Result res = results[next];
                if (task.note() != null) {
                    undecided.add(task.note());
                    continue;
                }
                if (res.skipped) {
                    skipped++;
                    undecided.add(new RuleLogicReport.Undecided(task.rule(), "whether any packet reaches it: not examined,"
                            + " this rule set's rule-logic work limit of " + WorkLimits.units(limit) + " was spent on the rules"
                            + " before it"));
                    continue;
                }
                analysed++;
                if (res.undecided != null) {
                    undecided.add(res.undecided);
                }
                if (res.shadowed != null) {
                    unreachableRules.add(task.rule());
                    shadowed.add(res.shadowed);
                }
                if (res.redundant != null) {
                    redundant.add(res.redundant);
                }
            }
            if (skipped > 0 || unreachableRules.stream().noneMatch(x -> x.table().equals(t.name()))) {
                // a dead chain needs a jump no packet takes: with none in this table, no chain is dead
                continue;
            }
            // a chain whose every jump is unreachable is reported once, instead of each of its rules
            Set<String> dead = DeadChains.find(t, graph(t), unreachableRules, chains);
            shadowed.removeIf(s -> s.rule().table().equals(t.name()) && dead.contains(s.rule().chain()));
        }
        return new RuleLogicReport(shadowed, redundant, chains, undecided, analysed, skipped);
    }

    /** The rules to settle, table by table in file order, with the notes that go between them. */
    private List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        for (Table t : rs.tables()) {
            CallGraph graph = graph(t);
            Set<String> tooDeep = graph.deeperThan(SymbolicWalker.MAX_CALL_DEPTH);
            boolean reportedDepth = false;
            for (Chain c : t.chains()) {
                if (graph.hooks(c.name()).isEmpty()) {
                    continue;
                }
                if (tooDeep.contains(c.name())) {
                    // the encoding stops descending past MAX_CALL_DEPTH jumps: "not encoded" is not
                    // "unreachable"; say so once per table, at the first rule it leaves undecided
                    if (!reportedDepth && !c.rules().isEmpty()) {
                        reportedDepth = true;
                        tasks.add(new Task(t, c.rules().get(0), null, null, null, new RuleLogicReport.Undecided(c.rules().get(0),
                                "whether the rules of the " + tooDeep.size() + " chains more than " + SymbolicWalker.MAX_CALL_DEPTH
                                + " jumps below every built-in chain (" + c.name() + " first) are reached: the symbolic"
                                + " engine does not encode calls that deep")));
                    }
                    continue;
                }
                if (!anyExamined(c)) {
                    continue;
                }
                List<Box> contexts = contexts(t).contexts(c.name());
                List<Place> places = places(t.name(), graph.hooks(c.name()));
                Slice context = Slice.of(contexts);
                for (Rule r : c.rules()) {
                    if (!examine.test(r)) {
                        continue;
                    }
                    Box own = Box.of(lowered(r));
                    List<Slice> parts = new ArrayList<>();
                    for (Box ctx : contexts) {
                        Box b = own == null ? null : ctx.intersect(own);
                        if (b != null) {
                            parts.add(new Slice(List.of(b)));
                        }
                    }
                    tasks.add(new Task(t, r, places, parts, context.within(own), null));
                }
            }
        }
        return tasks;
    }

    /** Set when a worker failed: the others stop at their next task. */
    volatile boolean cancelled;

    /**
     * Settles tasks {@code first}, {@code first + step} … in order, until this engine has done
     * {@code limit} units of solver work more than when it started (0: no limit); the rest are marked
     * skipped. Counted work, not time: the same rules are examined on every machine.
     */
    void settleShare(List<Task> tasks, Result[] results, int first, int step, long limit) {
        long start = engine.work();
        for (int i = first; i < tasks.size() && !cancelled; i += step) {
            Task task = tasks.get(i);
            if (limit > 0 && task.note() == null && engine.work() - start >= limit) {
                Result res = new Result();
                res.skipped = true;
                results[i] = res;
            } else {
                results[i] = settle(task);
            }
        }
    }

    private Result settle(Task task) {
        Result res = new Result();
        if (task.note() != null) {
            return res;
        }
        Rule r = task.rule();
        List<Place> places = task.places();
        List<Slice> parts = task.parts();
        Slice q = task.q();
        long t0 = EngineStats.clock();
        long s0 = EngineStats.SOLVE_NANOS.get();
        long e0 = EngineStats.ENCODE_NANOS.get();
        long n0 = EngineStats.RULES_ENCODED.get();
        long c0 = EngineStats.CHECKS.get();
        Outcome o = reach(r, places, parts);
        long t1 = EngineStats.clock();
        if (o.undecided != null) {
            res.undecided = new RuleLogicReport.Undecided(r, o.undecided);
        } else if (!o.reachable) {
            res.shadowed = covers.shadowed(r, o.covering);
        } else if (redundancyCandidate(r) && parts.size() <= MAX_PARTS_FOR_REDUNDANCY
                // removing a rule is not compared on bridged frames: silent rather than wrong
                && places.stream().noneMatch(x -> x.path() == PacketPath.BRIDGED)
                && engine.options.chainCovers() && sameLater(r, parts)) {
            EngineStats.COVERED.incrementAndGet();
            res.redundant = new RuleLogicReport.Redundant(r, List.of(), SAME_RESULT);
        } else if (redundancyCandidate(r) && parts.size() <= MAX_PARTS_FOR_REDUNDANCY
                && places.stream().noneMatch(x -> x.path() == PacketPath.BRIDGED)
                && !(engine.options.concreteProbes() && changesWithoutByProbe(r, places, parts))) {
            String why = redundant(r, places, q);
            if (why != null) {
                res.redundant = new RuleLogicReport.Redundant(r, List.of(), why);
            }
        }
        if (DEBUG && io.nflint.debug.DebugSwitches.CURRENT.ruleLogicAll()) {
            System.err.printf("line %d: %d ms, %d rules encoded, %d checks%n", r.span().line(), (EngineStats.clock() - t0) / 1_000_000,
                    EngineStats.RULES_ENCODED.get() - n0, EngineStats.CHECKS.get() - c0);
        }
        if (DEBUG && EngineStats.clock() - t0 > 100_000_000L) {
            System.err.printf("line %d: reach %d ms, redundancy %d ms, %d places, slice %s; solving %d ms, encoding %d ms%n", r.span().line(),
                    (t1 - t0) / 1_000_000, (EngineStats.clock() - t1) / 1_000_000, places.size(), q.boxes().size(),
                    (EngineStats.SOLVE_NANOS.get() - s0) / 1_000_000, (EngineStats.ENCODE_NANOS.get() - e0) / 1_000_000);
        }
        return res;
    }

    private boolean anyExamined(Chain c) {
        for (Rule r : c.rules()) {
            if (examine.test(r)) {
                return true;
            }
        }
        return false;
    }
}
