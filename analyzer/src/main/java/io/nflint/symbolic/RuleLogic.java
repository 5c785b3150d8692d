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
 * filterLineReachability explains blocked lines), minimised by deletion; {@link Covers} then names
 * the jumps in the rule's own chain (or its callers) for the rules the core found inside called chains.
 */
final class RuleLogic {

    private static final PacketPath[] PATHS = {PacketPath.ROUTED, PacketPath.LOCAL_IN, PacketPath.LOCAL_OUT};
    private static final int MAX_CORE_FOR_MINIMISING = 24;
    /** Redundancy needs every call path at once; past this many it is not claimed (sound, just silent). */
    private static final int MAX_PARTS_FOR_REDUNDANCY = 16;
    private static final boolean DEBUG = io.nflint.debug.DebugSwitches.CURRENT.ruleLogic();

    private final Z3Engine engine;
    private final Ruleset rs;
    private final io.nflint.host.HostModel host;
    /** The interfaces the encoding enumerates; the probes need them before (or without) the solver. */
    private final Interfaces ifaces;
    private final HostFacts facts;
    /**
     * The solver's side (encoding; plain walker; with an "enabled" literal per rule, to explain; with
     * one rule switched off), built when the first rule needs a query: a rule set whose every rule the
     * probes and covering rules settle never loads Z3.
     */
    private Solving z;

    private record Solving(Encoding enc, Walker walker, Walker explaining, Walker keeping, Walker without, PathRunner runner) {
    }

    private Solving z() {
        if (z == null) {
            Encoding e = engine.encoding(rs, facts, ifaces);
            z = new Solving(e, new Walker(e, rs, "r"), new Walker(e, rs, "r").enable(this::literal),
                    new Walker(e, rs, "r").distinctPolicy(true), new Walker(e, rs, "r").distinctPolicy(true), new PathRunner(e));
        }
        return z;
    }

    private Encoding enc() {
        return z().enc();
    }
    private final ConcreteProbe probe;
    private final Covers covers;
    private final ChainCovers chainCovers;
    private final Map<Rule, BoolExpr> enabled = new IdentityHashMap<>();
    /**
     * The same literals in the order they were made: the assumptions of an explaining query are passed
     * in this order, never in identity-hash order (which differs between runs and would change the
     * solver's search, its unsat cores and so the rules a finding names).
     */
    private final List<BoolExpr> literalsInOrder = new ArrayList<>();
    private final Map<String, Rule> byLiteral = new HashMap<>();

    private final java.util.function.Predicate<Rule> examine;
    /**
     * Whether frames bridged through br_netfilter's iptables chains are asked about too: only they
     * carry bridge ports, so a rule with a physdev match may be reached nowhere else.
     */
    private final boolean bridged;

    private static boolean bridgedPathMatters(Interfaces.Mentioned mentioned, HostFacts facts) {
        return (facts == null || facts.bridgeNfCall()) && mentioned.physdev();
    }

    RuleLogic(Z3Engine engine, Ruleset rs, java.util.function.Predicate<Rule> examine, io.nflint.host.HostModel host) {
        this.host = host;
        this.examine = examine;
        this.engine = engine;
        this.rs = rs;
        HostFacts facts = host == null ? null : HostFacts.of(host, rs.family() == io.nflint.ir.Family.IPV6);
        Interfaces.Mentioned mentioned = Interfaces.scan(List.of(rs));
        this.bridged = bridgedPathMatters(mentioned, facts);
        this.facts = facts;
        // a bridged frame needs three interfaces besides the rules' own: in port, out port, bridge
        int spares = bridged && (facts == null || facts.bridges().isEmpty()) ? 3 : 0;
        this.ifaces = new Interfaces(mentioned, facts == null ? List.of() : facts.interfaceNames(), spares);
        this.probe = new ConcreteProbe(rs, host, (table, chain) -> graph(rs.table(table).orElseThrow()).callers(chain));
        this.chainCovers = new ChainCovers(rs);
        this.covers = new Covers(rs, chainCovers);
    }

    private BoolExpr literal(Rule r) {
        return enabled.computeIfAbsent(r, k -> {
            String name = "en!" + enabled.size();
            byLiteral.put(name, k);
            BoolExpr lit = enc().ctx.mkBoolConst(name);
            literalsInOrder.add(lit);
            return lit;
        });
    }

    /** One place a rule runs: path, the stage index of its hook, where the query starts. */
    private record Place(PacketPath path, int stage, int from) {
    }

    /** One rule to settle (or, with {@code note}, an "undecided" to report at its place in the order). */
    private record Task(Table table, Rule rule, List<Place> places, List<Slice> parts, Slice q,
                        RuleLogicReport.Undecided note) {
    }

    /** What one task found; null fields: nothing of that kind. */
    private static final class Result {
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

    RuleLogicReport run() {
        long limit = engine.options.ruleLogicWork();
        List<Task> tasks = tasks();
        Result[] results = new Result[tasks.size()];
        long examined = tasks.stream().filter(x -> x.note() == null).count();
        int from = engine.options.parallelFromRules();
        if (from > 0 && examined >= from && examined <= PARALLEL_UP_TO_RULES) {
            // each worker's context counts its own work: each gets its share of the limit, so where
            // a worker stops depends on its fixed tasks alone, never on how fast the other one runs
            settleInParallel(tasks, results, limit == 0 ? 0 : Math.max(1, limit / WORKERS));
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
            CallGraph graph = graph(t);
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
        return new RuleLogicReport(shadowed, redundant, chains, undecided, analysed, skipped);
    }

    /** The rules to settle, table by table in file order, with the notes that go between them. */
    private List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        for (Table t : rs.tables()) {
            CallGraph graph = graph(t);
            Set<String> tooDeep = graph.deeperThan(Walker.MAX_CALL_DEPTH);
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
                                "whether the rules of the " + tooDeep.size() + " chains more than " + Walker.MAX_CALL_DEPTH
                                + " jumps below every built-in chain (" + c.name() + " first) are reached: the symbolic"
                                + " engine does not encode calls that deep")));
                    }
                    continue;
                }
                if (!anyExamined(c)) {
                    continue;
                }
                List<Box> contexts = graph.contexts(c.name());
                List<Place> places = places(t.name(), graph.hooks(c.name()));
                Slice context = Slice.of(contexts);
                for (Rule r : c.rules()) {
                    if (!examine.test(r)) {
                        continue;
                    }
                    Box own = Box.of(r);
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

    /**
     * Settles the tasks on {@link #WORKERS} threads, worker 0 being this analysis and every other a
     * copy with its own engine (Z3 contexts are not shared between threads).
     */
    private void settleInParallel(List<Task> tasks, Result[] results, long share) {
        List<Z3Engine> engines = new ArrayList<>();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        List<RuleLogic> copies = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(WORKERS - 1, x -> {
            Thread th = new Thread(x, "nflint-rule-logic");
            th.setDaemon(true);
            return th;
        });
        try {
            for (int w = 1; w < WORKERS; w++) {
                Z3Engine e = Z3Engine.openOnDemand(engine.options);
                engines.add(e);
                RuleLogic copy = new RuleLogic(e, rs, examine, host);
                int worker = w;
                copies.add(copy);
                futures.add(pool.submit(() -> {
                    try {
                        copy.settleShare(tasks, results, worker, WORKERS, share);
                    } catch (RuntimeException | Error failure) {
                        cancelled = true;
                        throw failure;
                    }
                }));
            }
            try {
                settleShare(tasks, results, 0, WORKERS, share);
            } catch (RuntimeException | Error e) {
                copies.forEach(c -> c.cancelled = true);
                throw e;
            } finally {
                // never close a worker's engine while it may still be in a query
                for (java.util.concurrent.Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException ignored) {
                        // rethrown below when worker 0 succeeded
                    }
                }
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during rule logic", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            engines.forEach(Z3Engine::close);
        }
    }

    /** Set when a worker failed: the others stop at their next task. */
    private volatile boolean cancelled;

    /**
     * Settles tasks {@code first}, {@code first + step} … in order, until this engine has done
     * {@code limit} units of solver work more than when it started (0: no limit); the rest are marked
     * skipped. Counted work, not time: the same rules are examined on every machine.
     */
    private void settleShare(List<Task> tasks, Result[] results, int first, int step, long limit) {
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

    /** Thousands of chains share a handful of hook sets: their places are computed once per set. */
    private final Map<String, List<Place>> placesByHooks = new HashMap<>();

    private List<Place> places(String table, Set<io.nflint.pipeline.Hook> hooks) {
        return placesByHooks.computeIfAbsent(table + " " + hooks, k -> computePlaces(table, hooks));
    }

    private List<Place> computePlaces(String table, Set<io.nflint.pipeline.Hook> hooks) {
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
        if (bridged) {
            // last: routed and local packets are cheaper to ask about, and settle most rules
            List<Stage> stages = HookPlan.path(PacketPath.BRIDGED, true);
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i) instanceof Stage.Chain c && !c.bridgeFamily() && c.table().equals(table)
                        && hooks.contains(c.hook())) {
                    out.add(new Place(PacketPath.BRIDGED, i, 0));
                }
            }
        }
        return out;
    }

    /** Whether the nat table can rewrite a header at this hook (a NAT target in a chain it reaches). */
    private boolean rewrites(io.nflint.pipeline.Hook hook) {
        if (natRewrites == null) {
            // one pass over the nat table for every hook: which hooks reach a chain with a NAT target
            natRewrites = java.util.EnumSet.noneOf(io.nflint.pipeline.Hook.class);
            Table nat = rs.table("nat").orElse(null);
            if (nat != null) {
                CallGraph g = graph(nat);
                for (Chain c : nat.chains()) {
                    for (Rule r : c.rules()) {
                        io.nflint.ir.target.Target t = r.target();
                        if (t instanceof io.nflint.ir.target.Dnat || t instanceof io.nflint.ir.target.Snat
                                || t instanceof io.nflint.ir.target.Masquerade || t instanceof io.nflint.ir.target.Redirect
                                || t instanceof io.nflint.ir.target.Netmap || t instanceof io.nflint.ir.target.UnknownTarget) {
                            natRewrites.addAll(g.hooks(c.name()));
                            break;
                        }
                    }
                }
            }
        }
        return natRewrites.contains(hook);
    }

    private Set<io.nflint.pipeline.Hook> natRewrites;

    private static final class Outcome {
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
        CallGraph g = graph(rs.table(r.table()).orElseThrow());
        Box own = Box.of(r);
        BoolExpr[] lits = rules.stream().map(this::literal).toArray(BoolExpr[]::new);
        for (Box ctx : g.contexts(r.chain())) {
            Box b = own == null ? null : ctx.intersect(own);
            if (b == null) {
                continue;
            }
            for (Place p : places(r.table(), g.hooks(r.chain()))) {
                BoolExpr[] explained = reachQuery(r, p, new Slice(List.of(b)), true);
                if (explained != null && engine.check(engine.with(enc(), explained), lits).emptiness() != Emptiness.EMPTY) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Reachable as soon as one place and one call path lets a packet take the rule. */
    private Outcome reach(Rule r, List<Place> places, List<Slice> parts) {
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

    private static final String SAME_RESULT = "the rules after it give every packet it matches the same result";

    /** Whether, on every call path, a later rule of the chain decides all the rule's packets as it does. */
    private boolean sameLater(Rule r, List<Slice> parts) {
        for (Slice q : parts) {
            if (chainCovers.sameLater(r, q.boxes().get(0)) == null) {
                return false;
            }
        }
        return true;
    }

    /** Whether, on every call path, one earlier rule of the chain takes all the rule's packets (adds the proof's rules). */
    private boolean coveredByEarlier(Rule r, List<Slice> parts, Set<Rule> covering) {
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
    private boolean probeFromCallers(Rule r, List<Place> places) {
        Box own = Box.of(r);
        CallGraph g = graph(rs.table(r.table()).orElseThrow());
        if (own == null || g == null) {
            return false;
        }
        int tried = 0;
        for (Rule j : g.callers(r.chain())) {
            Box jb = Box.of(j);
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

    private static final int MAX_REDUNDANCY_PROBES = 8;
    private final Map<String, List<Rule>> tableRules = new HashMap<>();

    /**
     * Whether a concrete packet ends differently without the rule: the one that reached it, else
     * packets of the rule that a later rule with another verdict would also match (those are the
     * ones removing the rule could hand to it), else, for a rule of established connections only,
     * packets of connections another rule opens.
     */
    private boolean changesWithoutByProbe(Rule r, List<Place> places, List<Slice> parts) {
        if (probe.changesWithout(r)) {
            return true;
        }
        for (Box port : Box.otherPorts(r, MAX_REDUNDANCY_PROBES)) {
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
        return ConcreteProbe.wantsEstablished(r) && changesWithoutByProbe(r, places, parts, all, at,
                alt -> alt.target() instanceof Verdict v && v.kind() == Verdict.Kind.ACCEPT && opens(alt),
                MAX_REDUNDANCY_PROBES * 2);
    }

    /**
     * Probes packets of the rule within the boxes of the table's other rules that {@code pick}
     * chooses, in order after the rule; gives up after {@code maxMissed} packets that do not reach
     * it or {@code MAX_REDUNDANCY_PROBES} that do without a difference.
     */
    private boolean changesWithoutByProbe(Rule r, List<Place> places, List<Slice> parts, List<Rule> all, int at,
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
    private static boolean opens(Rule r) {
        for (io.nflint.ir.match.Match m : r.matches()) {
            if (m instanceof io.nflint.ir.match.StateMatch sm && !sm.negated() && sm.states().contains(io.nflint.ir.CtState.NEW)
                    || m instanceof io.nflint.ir.match.ConntrackMatch cm && cm.state() != null && !cm.state().negated()
                    && cm.state().value().contains(io.nflint.ir.CtState.NEW)) {
                return true;
            }
        }
        return false;
    }

    /** The rule's box within each context its chain is called in (the jumps' interfaces and addresses included). */
    private List<Box> boxesInContext(Rule rule) {
        return contextBoxes.computeIfAbsent(rule, x -> {
            Box own = Box.of(x);
            CallGraph g = graph(rs.table(x.table()).orElseThrow());
            if (own == null || g == null) {
                return List.of();
            }
            List<Box> out = new ArrayList<>();
            for (Box ctx : g.contexts(x.chain())) {
                Box b = ctx.intersect(own);
                if (b != null) {
                    out.add(b);
                }
            }
            return out;
        });
    }

    private final Map<Rule, List<Box>> contextBoxes = new IdentityHashMap<>();
    private final Map<String, CallGraph> graphs = new HashMap<>();

    /** Each table's call graph, built once (rule logic and the NAT-hook pass both need nat's). */
    private CallGraph graph(Table t) {
        return graphs.computeIfAbsent(t.name(), n -> new CallGraph(rs, t));
    }

    /** A terminal rule that decides otherwise than {@code r} (another verdict, or another REJECT answer). */
    private static boolean otherDecision(Rule r, Rule alt) {
        if (alt == r || !(alt.target() instanceof Verdict || alt.target() instanceof Reject)) {
            return false;
        }
        if (alt.target() instanceof Verdict v && v.kind() != Verdict.Kind.ACCEPT && v.kind() != Verdict.Kind.DROP) {
            return false;
        }
        if (r.target() instanceof Reject a && alt.target() instanceof Reject b) {
            return !a.with().equals(b.with());
        }
        return Walker.verdictCode(r.target()) != Walker.verdictCode(alt.target());
    }

    private boolean probe(Rule r, Place p, Box b) {
        if (p.path() == PacketPath.BRIDGED) {
            // the concrete probe walks routed and local packets only; the solver answers for frames
            return false;
        }
        int other = ifaces.count() - 1;
        int in = ifaceGuess(r, b.inIf(), io.nflint.ir.match.InterfaceMatch.Kind.IN, other);
        int out = ifaceGuess(r, b.outIf(), io.nflint.ir.match.InterfaceMatch.Kind.OUT, other);
        // "other" (or open) leaves the choice to the probe, which tries the topology's interfaces too
        return probe.reaches(r, p.path(), b, in < 0 || in == other ? null : ifaces.name(in),
                out < 0 || out == other ? null : ifaces.name(out));
    }

    /**
     * Adds the rules that stop every packet of {@code r} here: encoded again with an "enabled"
     * literal per rule (callee chains included, so a jump's core holds the callee's deciding rules
     * too; {@link Covers} lifts those to the jump).
     */
    private void explain(Rule r, Place p, Slice q, Set<Rule> covering) {
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

    private Walker bridgedWalker;
    private Walker bridgedExplaining;
    private PathRunner bridgedRunner;

    /** Walkers for frames on the bridged path, where physdev matches see the bridge ports. */
    private Walker bridgedWalker(boolean literals) {
        if (bridgedWalker == null) {
            Encoding onBridge = enc().onBridgedPath(false);
            bridgedWalker = new Walker(onBridge, rs, "r");
            bridgedExplaining = new Walker(onBridge, rs, "r").enable(this::literal);
        }
        return literals ? bridgedExplaining : bridgedWalker;
    }

    private PathRunner bridgedRunner() {
        if (bridgedRunner == null) {
            bridgedRunner = new PathRunner(enc().onBridgedPath(false));
        }
        return bridgedRunner;
    }

    /** The path's assumptions and "some packet takes the rule", or null when the walk never gets there. */
    private BoolExpr[] reachQuery(Rule r, Place p, Slice q, boolean literals) {
        boolean frame = p.path() == PacketPath.BRIDGED;
        Walker w = frame ? bridgedWalker(literals) : literals ? z().explaining() : z().walker();
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
    private BoolExpr guess(Box b) {
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
    private BoolExpr guessRest(Rule r, Place p, Box b) {
        Header h = enc().input;
        int bits = ifaces.bits();
        List<BoolExpr> eq = new ArrayList<>();
        int other = ifaces.count() - 1;
        int in = ifaceGuess(r, b.inIf(), io.nflint.ir.match.InterfaceMatch.Kind.IN, other);
        int out = ifaceGuess(r, b.outIf(), io.nflint.ir.match.InterfaceMatch.Kind.OUT, other);
        if (p.path() != PacketPath.LOCAL_OUT && in >= 0) {
            eq.add(enc().ctx.mkEq(h.inIf(), enc().num(in, bits)));
        }
        if (p.path() != PacketPath.LOCAL_IN && out >= 0) {
            eq.add(enc().ctx.mkEq(enc().route(h.dst()), enc().num(out, bits)));
        }
        long mark = 0;
        long connmark = 0;
        int ct = Encoding.CT_NEW;
        for (io.nflint.ir.match.Match m : r.matches()) {
            if (m instanceof io.nflint.ir.match.MarkMatch mm && !mm.negated()) {
                mark = mm.mark().value() & mm.mark().mask();
            } else if (m instanceof io.nflint.ir.match.ConnmarkMatch cm && !cm.negated()) {
                connmark = cm.mark().value() & cm.mark().mask();
            } else if (m instanceof io.nflint.ir.match.StateMatch sm && !sm.negated() && !sm.states().isEmpty()) {
                ct = ctCode(sm.states(), ct);
            } else if (m instanceof io.nflint.ir.match.ConntrackMatch cm && cm.state() != null && !cm.state().negated()) {
                ct = ctCode(cm.state().value(), ct);
            }
        }
        eq.add(enc().ctx.mkEq(enc().mark, enc().num(mark, 32)));
        eq.add(enc().ctx.mkEq(enc().connmark, enc().num(connmark, 32)));
        eq.add(enc().ctx.mkEq(enc().ct, enc().num(ct, 3)));
        eq.add(enc().not(h.fragment()));
        return enc().ctx.mkAnd(eq.toArray(new BoolExpr[0]));
    }

    private static int ctCode(Set<io.nflint.ir.CtState> states, int dflt) {
        for (io.nflint.ir.CtState s : List.of(io.nflint.ir.CtState.NEW, io.nflint.ir.CtState.ESTABLISHED,
                io.nflint.ir.CtState.RELATED, io.nflint.ir.CtState.INVALID)) {
            if (states.contains(s)) {
                return java.util.Arrays.asList(Encoding.CT_NAMES).indexOf(s.name());
            }
        }
        return dflt;
    }

    /** An interface id the rule's own {@code -i}/{@code -o} allow, or -1 to leave it open. */
    private int ifaceGuess(Rule r, String boxPattern, io.nflint.ir.match.InterfaceMatch.Kind kind, int other) {
        if (boxPattern != null) {
            List<Integer> ids = ifaces.matching(boxPattern);
            return ids.isEmpty() ? -1 : ids.get(0);
        }
        for (io.nflint.ir.match.Match m : r.matches()) {
            if (m instanceof io.nflint.ir.match.InterfaceMatch im && im.kind() == kind && im.negated()
                    && ifaces.matching(im.name()).contains(other)) {
                return -1;
            }
        }
        return other;
    }

    /** The rules in an unsat core, shrunk by deletion while it stays unsatisfiable. */
    private List<Rule> minimalCore(BoolExpr[] core, List<BoolExpr> facts, Rule self) {
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

    private static boolean redundancyCandidate(Rule r) {
        // RETURN only ever repeats what falling off the chain does: idiomatic, never reported
        return r.target() instanceof Verdict v && (v.kind() == Verdict.Kind.ACCEPT || v.kind() == Verdict.Kind.DROP)
                || r.target() instanceof Reject;
    }

    /**
     * Null unless removing the rule provably changes nothing at the end of each of its stages, with
     * every packet it matches decided by a later rule (not by falling through to the policy: an
     * explicit ACCEPT before an ACCEPT policy documents intent and survives a policy change).
     */
    private String redundant(Rule r, List<Place> places, Slice q) {
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

    private PathRunner.Run stageEnd(Walker w, Place p, Slice q) {
        w.reset();
        return z().runner().run(w, p.path(), p.from(), p.stage(), z().runner().initial(p.path(), p.from()), enc().num(Encoding.NONE, 3),
                z().runner().pre(p.path(), p.from()), q);
    }

    private static List<Expr<?>> outcome(PathRunner.Run run) {
        WalkState end = run.end();
        return List.of(run.fate(), end.verdict(), end.live(), end.mark(), end.connmark(), end.notrack(),
                end.header().dst(), end.header().dport(), end.header().src(), end.header().sport(), end.masqueraded());
    }
}
