package io.nflint.cli;

/**
 * A failure the user can act on, reported as one line {@code nflint: <message>} with an exit status;
 * anything else that escapes a command is an internal error.
 */
public class NflintException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int exitCode;
    private final boolean usageHint;

    public NflintException(String message, int exitCode, boolean usageHint) {
        super(message);
        this.exitCode = exitCode;
        this.usageHint = usageHint;
    }

    /** A bad option value or argument found after parsing (exit 2, with a hint to --help). */
    public static NflintException usage(String message) {
        return new NflintException(message, ExitCode.BAD_INPUT, true);
    }

    /** An input that does not exist or cannot be read (exit 2). */
    public static NflintException unreadable(String file, String reason) {
        return new NflintException("cannot read " + file + ": " + reason, ExitCode.BAD_INPUT, false);
    }

    public int exitCode() {
        return exitCode;
    }

    public boolean usageHint() {
        return usageHint;
    }
}
