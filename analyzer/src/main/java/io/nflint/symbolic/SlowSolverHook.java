package io.nflint.symbolic;

/**
 * A test hook that makes every solver query burn CPU for a while first (system property
 * {@code nflint.test.slowSolverMillis}), as a saturated machine would: the determinism tests run
 * the heaviest dumps with it and expect byte-identical findings. Off (0) unless set.
 */
public final class SlowSolverHook {

    private static final long NANOS = io.nflint.debug.DebugSwitches.CURRENT.slowSolverMillis() * 1_000_000L;
    private static volatile long sink;

    private SlowSolverHook() {
    }

    public static void pause() {
        if (NANOS <= 0) {
            return;
        }
        // busy, not asleep: the other worker and the JVM's own threads compete for the cores meanwhile
        long end = System.nanoTime() + NANOS;
        long x = sink;
        while (System.nanoTime() < end) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
