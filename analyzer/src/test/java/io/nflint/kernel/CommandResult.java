package io.nflint.kernel;

import java.util.List;

/** What one finished (or timed-out) external command left behind. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** Fails loudly with everything needed to understand why, instead of letting a lab half-build. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new IllegalStateException("command failed (exit " + exitCode + (timedOut ? ", timed out" : "")
                    + "): " + String.join(" ", command) + "\nstdout: " + stdout + "\nstderr: " + stderr);
        }
        return this;
    }
}
