package io.nflint.symbolic;

/**
 * Knobs of one engine: the solver's per-query timeout (a timeout becomes an "undecided" answer,
 * never "no packet"), whether to minimise the rules that explain a shadowed rule, the time one
 * rule-logic analysis may take before it stops and says how far it got (0: no limit; defaults to
 * the system property {@code nflint.symbolic.budgetMs}, else 20 s), and whether rule logic may
 * settle reachable rules with a concrete probe before asking the solver (tests switch it off to
 * exercise the solver on every rule), and whether it may prove a rule shadowed by one earlier rule
 * of its chain without the solver ({@link ChainCovers}; tests switch it off to compare).
 */
public record EngineOptions(int queryTimeoutMillis, boolean minimiseCovering, long ruleLogicBudgetMillis,
                            boolean concreteProbes, boolean chainCovers) {
    public static final EngineOptions DEFAULTS = new EngineOptions(10_000, true,
            Long.getLong("nflint.symbolic.budgetMs", 20_000L), true);

    public EngineOptions(int queryTimeoutMillis, boolean minimiseCovering, long ruleLogicBudgetMillis, boolean concreteProbes) {
        this(queryTimeoutMillis, minimiseCovering, ruleLogicBudgetMillis, concreteProbes, true);
    }

    public EngineOptions withConcreteProbes(boolean on) {
        return new EngineOptions(queryTimeoutMillis, minimiseCovering, ruleLogicBudgetMillis, on, chainCovers);
    }

    public EngineOptions withChainCovers(boolean on) {
        return new EngineOptions(queryTimeoutMillis, minimiseCovering, ruleLogicBudgetMillis, concreteProbes, on);
    }
}
