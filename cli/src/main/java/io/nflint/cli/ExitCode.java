package io.nflint.cli;

/** The exit statuses documented in docs/cli.md; scripts and CI gates depend on them. */
public final class ExitCode {

    /** Nothing at or above the fail level. */
    public static final int OK = 0;
    /** Findings at or above the fail level (for {@code diff}: the rule sets differ). */
    public static final int FINDINGS = 1;
    /** Bad invocation, unreadable input or config, or an input that could not be read completely. */
    public static final int BAD_INPUT = 2;
    /** A bug in nflint. */
    public static final int INTERNAL_ERROR = 3;

    private ExitCode() {
    }
}
