package io.nflint.host.collect;

/** What a command printed and how it ended; exit code -1 when it was killed after the timeout. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** The first non-blank stderr line, for a one-line reason. */
    public String firstErrorLine() {
        return stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
}
