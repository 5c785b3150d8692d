package io.nflint.cli.bench;

import java.util.Locale;

/**
 * One phase on one input: wall time, the heap's peak and the process's peak resident memory while
 * it ran (RSS includes Z3's native memory and whatever heap the JVM had committed); -1 where not
 * measured, with {@code note} saying why when the phase did not run at all.
 */
record Measurement(String phase, long millis, long peakHeapBytes, long peakRssBytes, String note, long cpuMillis) {

    /**
     * {@code cpuMillis}: user + system CPU time of the phase, -1 where not measured. On a machine
     * shared with other builds wall time grows with the load; CPU time much less, so the goals are
     * judged on it when the machine is busy.
     */
    Measurement(String phase, long millis, long peakHeapBytes, long peakRssBytes, String note) {
        this(phase, millis, peakHeapBytes, peakRssBytes, note, -1);
    }

    Measurement withCpu(long cpu) {
        return new Measurement(phase, millis, peakHeapBytes, peakRssBytes, note, cpu);
    }

    static Measurement failed(String phase, String note) {
        return new Measurement(phase, -1, -1, -1, note);
    }

    /** A cell that is a derived value (a ratio), not a measurement. */
    static Measurement text(String phase, String text) {
        return new Measurement(phase, -1, -1, -1, text);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    String cell() {
        if (millis < 0) {
            return note == null ? "—" : note;
        }
        StringBuilder sb = new StringBuilder(millis < 10_000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0));
        if (peakHeapBytes >= 0) {
            sb.append(" / ").append(peakHeapBytes >> 20).append(" MB");
        }
        if (peakRssBytes >= 0) {
            sb.append(" / ").append(peakRssBytes >> 20).append(" MB");
        }
        if (cpuMillis >= 0) {
            sb.append(" / CPU ").append(seconds(cpuMillis));
        }
        return sb.toString();
    }
}
