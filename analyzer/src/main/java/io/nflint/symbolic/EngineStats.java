package io.nflint.symbolic;

import java.util.concurrent.atomic.AtomicLong;

/** Process-wide counters of solver work, for benchmarks and profiling. */
public final class EngineStats {

    static final AtomicLong SOLVE_NANOS = new AtomicLong();
    static final AtomicLong CHECKS = new AtomicLong();
    static final AtomicLong ENCODE_NANOS = new AtomicLong();
    static final AtomicLong RULES_ENCODED = new AtomicLong();
    static final AtomicLong PROBED = new AtomicLong();
    static final AtomicLong COVERED = new AtomicLong();

    private EngineStats() {
    }

    public static String summary() {
        return CHECKS.get() + " solver checks, " + SOLVE_NANOS.get() / 1_000_000 + " ms solving, "
                + ENCODE_NANOS.get() / 1_000_000 + " ms encoding, " + PROBED.get() + " rules reached by a concrete probe, "
                + COVERED.get() + " shadowed by an earlier rule without the solver";
    }
}
