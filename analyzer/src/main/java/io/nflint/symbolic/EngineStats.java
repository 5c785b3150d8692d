package io.nflint.symbolic;

import java.util.concurrent.atomic.AtomicLong;

/** Process-wide counters of solver work, for benchmarks and profiling. */
public final class EngineStats {

    public static final AtomicLong SOLVE_NANOS = new AtomicLong();
    public static final AtomicLong CHECKS = new AtomicLong();
    public static final AtomicLong ENCODE_NANOS = new AtomicLong();
    public static final AtomicLong RULES_ENCODED = new AtomicLong();
    public static final AtomicLong PROBED = new AtomicLong();
    public static final AtomicLong COVERED = new AtomicLong();
    /** Z3's counted work (rlimit units) over all engines, and the most one query took. */
    public static final AtomicLong WORK = new AtomicLong();
    public static final AtomicLong MAX_QUERY_WORK = new AtomicLong();

    private EngineStats() {
    }

    public static String summary() {
        return CHECKS.get() + " solver checks, " + SOLVE_NANOS.get() / 1_000_000 + " ms solving, "
                + ENCODE_NANOS.get() / 1_000_000 + " ms encoding, " + PROBED.get() + " rules reached by a concrete probe, "
                + COVERED.get() + " shadowed by an earlier rule without the solver, " + WORK.get()
                + " solver work units (at most " + MAX_QUERY_WORK.get() + " in one query)";
    }

    /** Only profiling and the debug output that prints times want the clock; other runs never read it. */
    private static final boolean TIMED = io.nflint.debug.DebugSwitches.CURRENT.profile()
            || io.nflint.debug.DebugSwitches.CURRENT.ruleLogic() || io.nflint.debug.DebugSwitches.CURRENT.dumpSlow();

    /**
     * The clock profiling counters and debug output read: the only one the analysis may touch, and
     * nothing it decides may depend on it (ArchitectureTest keeps every other clock out). 0 unless a
     * profiling or timing debug switch is on, so a normal run spends nothing on it per query.
     */
    public static long clock() {
        return TIMED ? System.nanoTime() : 0;
    }

    /** The solver work (rlimit units) all engines have done so far. */
    public static long work() {
        return WORK.get();
    }

    /** The most solver work one query has taken so far. */
    public static long maxQueryWork() {
        return MAX_QUERY_WORK.get();
    }
}
