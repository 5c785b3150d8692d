package io.nflint.cli.bench;

import java.util.Locale;

/**
 * One phase on one input: wall time, the heap's peak and the process's peak resident memory while
 * it ran (RSS includes Z3's native memory and whatever heap the JVM had committed); -1 where not
 * measured, with {@code note} saying why when the phase did not run at all.
 */
record Measurement(String phase, long millis, long peakHeapBytes, long peakRssBytes, String note) {

    static Measurement failed(String phase, String note) {
        return new Measurement(phase, -1, -1, -1, note);
    }

    /** A cell that is a derived value (a ratio), not a measurement. */
    static Measurement text(String phase, String text) {
        return new Measurement(phase, -1, -1, -1, text);
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
        return sb.toString();
    }
}
