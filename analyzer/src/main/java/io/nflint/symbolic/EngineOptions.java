package io.nflint.symbolic;

/**
 * Knobs of one engine: the solver's per-query timeout (a timeout becomes an "undecided" answer,
 * never "no packet"), whether to minimise the rules that explain a shadowed rule, the time one
 * rule-logic analysis may take before it stops and says how far it got (0: no limit; defaults to
 * the system property {@code nflint.symbolic.budgetMs}, else 20 s), and whether rule logic may
 * settle reachable rules with a concrete probe before asking the solver (tests switch it off to
 * exercise the solver on every rule).
 */
public record EngineOptions(int queryTimeoutMillis, boolean minimiseCovering, long ruleLogicBudgetMillis,
                            boolean concreteProbes) {
    public static final EngineOptions DEFAULTS = new EngineOptions(10_000, true,
            Long.getLong("nflint.symbolic.budgetMs", 20_000L), true);

    public EngineOptions withConcreteProbes(boolean on) {
        return new EngineOptions(queryTimeoutMillis, minimiseCovering, ruleLogicBudgetMillis, on);
    }
}
