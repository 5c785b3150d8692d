package io.nflint.symbolic;

import io.nflint.symbolic.logic.ChainCovers;
import io.nflint.symbolic.logic.RuleLogic;

/**
 * Knobs of one engine. Every cap is counted work, never time, so that the same input gives the same
 * findings on an idle laptop and a saturated CI runner:
 *
 * <ul>
 * <li>{@code queryWork}: Z3's deterministic resource limit ({@code rlimit}) of one query, its
 * assertions, preprocessing and unsat core included; a query that reaches it is "undecided", never
 * "no packet" (system property {@code nflint.symbolic.queryWork});</li>
 * <li>{@code ruleLogicWork}: the solver work (the same units) one rule set's rule logic may spend in
 * all; the rules it has not examined when that is spent are named undecided, one by one (0: no
 * limit; {@code nflint.symbolic.ruleLogicWork});</li>
 * <li>{@code diffWork}: the same for one {@code diff}: past it, the entry points and witnesses not
 * looked for are named undecided ({@code nflint.symbolic.diffWork}).</li>
 * </ul>
 *
 * The engine never reads those properties itself: the command line reads them once
 * ({@link #fromProperties}) and passes the options down, so two engines of one process can run with
 * different limits and a malformed value is refused before any analysis starts.
 *
 * <p>The defaults leave every rule of every dump in the project's corpus examined in full (see
 * {@link WorkLimits}). The other knobs: whether to minimise the rules that explain a shadowed rule,
 * whether rule logic may settle reachable rules with a concrete probe before asking the solver
 * (tests switch it off to exercise the solver on every rule), whether it may prove a rule shadowed by
 * one earlier rule of its chain without the solver ({@link ChainCovers}; tests switch it off to
 * compare), and from how many examined rules rule logic splits them over {@link RuleLogic#WORKERS}
 * solver contexts on as many threads (0: never).
 */
public record EngineOptions(long queryWork, boolean minimiseCovering, long ruleLogicWork,
                            boolean concreteProbes, boolean chainCovers, int parallelFromRules, long diffWork) {

    /** The built-in defaults; what {@code -D} properties change is read by {@link #fromProperties}. */
    public static final EngineOptions DEFAULTS = new EngineOptions(WorkLimits.QUERY, true, WorkLimits.RULE_LOGIC,
            true, true, 200, WorkLimits.DIFF);

    /** The properties {@link #fromProperties} reads: the documented work limits (docs/cli.md) and the worker split. */
    public static final String QUERY_WORK = "nflint.symbolic.queryWork";
    public static final String RULE_LOGIC_WORK = "nflint.symbolic.ruleLogicWork";
    public static final String DIFF_WORK = "nflint.symbolic.diffWork";
    public static final String PARALLEL_FROM_RULES = "nflint.symbolic.parallelFromRules";

    /**
     * The defaults with what {@code properties} (the command line's {@code -D} options) set; the caller
     * reads them once, where the run starts. A value that is not a whole number in range is refused
     * with an {@link IllegalArgumentException} whose message names the property.
     */
    public static EngineOptions fromProperties(java.util.function.Function<String, String> properties) {
        long query = WorkLimits.fromProperty(properties, QUERY_WORK, WorkLimits.QUERY, 1, WorkLimits.MAX_QUERY);
        long ruleLogic = WorkLimits.fromProperty(properties, RULE_LOGIC_WORK, WorkLimits.RULE_LOGIC, 0, Long.MAX_VALUE);
        long diff = WorkLimits.fromProperty(properties, DIFF_WORK, WorkLimits.DIFF, 0, Long.MAX_VALUE);
        long parallel = WorkLimits.fromProperty(properties, PARALLEL_FROM_RULES, DEFAULTS.parallelFromRules(), 0,
                Integer.MAX_VALUE);
        return new EngineOptions(query, true, ruleLogic, true, true, (int) parallel, diff);
    }

    public EngineOptions {
        if (queryWork <= 0 || queryWork > WorkLimits.MAX_QUERY) {
            throw new IllegalArgumentException("the solver work limit per query must be 1.." + WorkLimits.MAX_QUERY
                    + " units, not " + queryWork);
        }
        if (ruleLogicWork < 0 || diffWork < 0) {
            throw new IllegalArgumentException("a work limit is 0 (none) or a positive number of solver work units");
        }
    }

    public EngineOptions withConcreteProbes(boolean on) {
        return new EngineOptions(queryWork, minimiseCovering, ruleLogicWork, on, chainCovers, parallelFromRules, diffWork);
    }

    public EngineOptions withChainCovers(boolean on) {
        return new EngineOptions(queryWork, minimiseCovering, ruleLogicWork, concreteProbes, on, parallelFromRules, diffWork);
    }

    public EngineOptions withParallelFromRules(int rules) {
        return new EngineOptions(queryWork, minimiseCovering, ruleLogicWork, concreteProbes, chainCovers, rules, diffWork);
    }

    public EngineOptions withQueryWork(long units) {
        return new EngineOptions(units, minimiseCovering, ruleLogicWork, concreteProbes, chainCovers, parallelFromRules, diffWork);
    }

    /** 0: rule logic examines every rule, however much work that takes. */
    public EngineOptions withRuleLogicWork(long units) {
        return new EngineOptions(queryWork, minimiseCovering, units, concreteProbes, chainCovers, parallelFromRules, diffWork);
    }

    /** 0: the diff looks for every witness it was asked for, however much work that takes. */
    public EngineOptions withDiffWork(long units) {
        return new EngineOptions(queryWork, minimiseCovering, ruleLogicWork, concreteProbes, chainCovers, parallelFromRules, units);
    }

    public EngineOptions withMinimiseCovering(boolean on) {
        return new EngineOptions(queryWork, on, ruleLogicWork, concreteProbes, chainCovers, parallelFromRules, diffWork);
    }
}
