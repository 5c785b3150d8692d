package io.nflint.symbolic;

/**
 * Knobs of one engine: the solver's per-query timeout (a timeout becomes an "undecided" answer,
 * never "no packet"), and whether to minimise the rules that explain a shadowed rule.
 */
public record EngineOptions(int queryTimeoutMillis, boolean minimiseCovering) {
    public static final EngineOptions DEFAULTS = new EngineOptions(10_000, true);
}
