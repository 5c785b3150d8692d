package io.nflint.host.collect;

import java.nio.charset.StandardCharsets;

/**
 * What a command printed and how it ended; exit code -1 when it was killed after the timeout.
 * {@code out} holds stdout's bytes as printed: a dump's comments may hold bytes that are not UTF-8,
 * and the bundle keeps them exactly.
 */
public record CommandResult(int exitCode, byte[] out, String stderr) {

    public CommandResult(int exitCode, String stdout, String stderr) {
        this(exitCode, stdout.getBytes(StandardCharsets.UTF_8), stderr);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** stdout as text (bytes that are not UTF-8 become U+FFFD): for parsing lists, never for writing dumps. */
    public String stdout() {
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The first non-blank stderr line, for a one-line reason. */
    public String firstErrorLine() {
        return stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
