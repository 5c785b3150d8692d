package io.nflint.symbolic;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every rule-logic case again with the concrete probes off, so the solver (and the horizon that
 * cuts a reachability query after its rule) decides every rule, reachable ones included.
 */
class RuleLogicSolverOnlyTest extends RuleLogicTest {

    /** Hides {@link WithEngine#open()}: the same cases on an engine without probes. */
    @BeforeAll
    static void open() {
        engine = SymbolicEngine.open(EngineOptions.DEFAULTS.withConcreteProbes(false));
    }
}
