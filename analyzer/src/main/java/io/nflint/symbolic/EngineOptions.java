package io.nflint.symbolic;

/**
 * Knobs of one engine: the solver's per-query timeout (a timeout becomes an "undecided" answer,
 * never "no packet"), whether to minimise the rules that explain a shadowed rule, and the time one
 * rule-logic analysis may take before it stops and says how far it got (0: no limit). The budget
 * defaults to the system property {@code nflint.symbolic.budgetMs}, else 20 s.
 */
public record EngineOptions(int queryTimeoutMillis, boolean minimiseCovering, long ruleLogicBudgetMillis) {
    public static final EngineOptions DEFAULTS = new EngineOptions(10_000, true,
            Long.getLong("nflint.symbolic.budgetMs", 20_000L));
}
