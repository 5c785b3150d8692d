package io.nflint.cli;

import picocli.CommandLine.Option;

/** {@code --ignore-errors}, mixed into the commands that answer about packets (trace, matrix, diff). */
public final class IgnoreErrorsOption {

    @Option(names = "--ignore-errors",
            description = "Answer even when an input has syntax errors, malformed values or a table without COMMIT "
                    + "(the lines that could not be read are left out; default: exit 2 at the first).")
    boolean ignore;

    public boolean ignore() {
        return ignore;
    }
}
