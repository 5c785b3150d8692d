package io.nflint.symbolic;

/**
 * Knobs of one engine: the solver's per-query timeout (a timeout becomes an "undecided" answer,
 * never "no packet"), whether to minimise the rules that explain a shadowed rule, the time one
 * rule-logic analysis may take before it stops and says how far it got (0: no limit; defaults to
 * the system property {@code nflint.symbolic.budgetMs}, else 20 s), and whether rule logic may
 * settle reachable rules with a concrete probe before asking the solver (tests switch it off to
 * exercise the solver on every rule), and whether it may prove a rule shadowed by one earlier rule
 * of its chain without the solver ({@link ChainCovers}; tests switch it off to compare), and from how
 * many examined rules rule logic splits them over {@link RuleLogic#WORKERS} solver contexts on as many
 * threads (0: never; a firewall of thousands of hand-written rules leaves dozens of queries to Z3).
 */
public record EngineOptions(int queryTimeoutMillis, boolean minimiseCovering, long ruleLogicBudgetMillis,
                            boolean concreteProbes, boolean chainCovers, int parallelFromRules) {
    public static final EngineOptions DEFAULTS = new EngineOptions(10_000, true,
            Long.getLong("nflint.symbolic.budgetMs", 20_000L), true, true,
            Integer.getInteger("nflint.symbolic.parallelFromRules", 200));

    public EngineOptions(int queryTimeoutMillis, boolean minimiseCovering, long ruleLogicBudgetMillis, boolean concreteProbes) {
        this(queryTimeoutMillis, minimiseCovering, ruleLogicBudgetMillis, concreteProbes, true, 200);
    }

    public EngineOptions withConcreteProbes(boolean on) {
        return new EngineOptions(queryTimeoutMillis, minimiseCovering, ruleLogicBudgetMillis, on, chainCovers, parallelFromRules);
    }

    public EngineOptions withChainCovers(boolean on) {
        return new EngineOptions(queryTimeoutMillis, minimiseCovering, ruleLogicBudgetMillis, concreteProbes, on, parallelFromRules);
    }

    public EngineOptions withParallelFromRules(int rules) {
        return new EngineOptions(queryTimeoutMillis, minimiseCovering, ruleLogicBudgetMillis, concreteProbes, chainCovers, rules);
    }
}
