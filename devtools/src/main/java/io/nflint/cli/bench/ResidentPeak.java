package io.nflint.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident set size through Linux's high-water mark: writing "5" to
 * /proc/self/clear_refs resets VmHWM to the current RSS, so reading it after a phase gives that
 * phase's peak. Elsewhere (or when /proc is not writable) nothing is measured and -1 is reported.
 */
final class ResidentPeak {

    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentPeak() {
    }

    /** Starts a phase; false when the high-water mark cannot be reset here. */
    static boolean reset() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** VmHWM in bytes, or -1 when not available. */
    static long peakBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).strip().split("\\s+");
                    long kb = Long.parseLong(parts[0]);
                    return kb << 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: the phase just has no RSS figure
        }
        return -1;
    }
}
