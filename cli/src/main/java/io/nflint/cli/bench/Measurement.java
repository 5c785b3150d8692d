package io.nflint.cli.bench;

/** One phase on one input: wall time and the heap's peak while it ran; -1 where not measured. */
record Measurement(String phase, long millis, long peakHeapBytes, String note) {

    String cell() {
        if (millis < 0) {
            return note == null ? "—" : note;
        }
        String t = millis < 10_000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        return peakHeapBytes < 0 ? t : t + " / " + (peakHeapBytes >> 20) + " MB";
    }
}
