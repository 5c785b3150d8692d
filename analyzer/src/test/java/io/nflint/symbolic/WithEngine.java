package io.nflint.symbolic;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Test classes whose tests share one engine (one Z3 context, opened and closed on the test thread).
 * A subclass that needs other options declares its own static {@code open()}, which hides this one.
 */
abstract class WithEngine {

    static SymbolicEngine engine;

    @BeforeAll
    static void open() {
        engine = SymbolicEngine.open();
    }

    @AfterAll
    static void close() {
        engine.close();
    }
}
