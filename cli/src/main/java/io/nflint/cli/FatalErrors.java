package io.nflint.cli;

import io.nflint.rules.CheckRunner;

/**
 * One sentence for a failure that is not the input's fault (a bug, or the JVM running out of stack
 * or heap), naming the input it happened on: a stack trace tells a user nothing, and exit 1 would
 * read as "findings" to a CI gate.
 */
public final class FatalErrors {

    private FatalErrors() {
    }

    /** The sentence for {@code t}, thrown while nflint worked on {@code input}. */
    public static String sentence(Throwable t, String input) {
        Throwable cause = t instanceof CheckRunner.CheckFailedException && t.getCause() != null ? t.getCause() : t;
        String check = t instanceof CheckRunner.CheckFailedException cf ? " (in check " + cf.checkId() + ")" : "";
        if (cause instanceof OutOfMemoryError) {
            long mb = Runtime.getRuntime().maxMemory() >> 20;
            return input + ": ran out of memory" + check + " with a heap limit of " + mb
                    + " MB; give the JVM more (NFLINT_JAVA_OPTS=-Xmx8g ./nflint ..., or java -Xmx8g -jar nflint.jar ...)";
        }
        if (cause instanceof StackOverflowError) {
            return input + ": ran out of stack" + check
                    + " (something in it is nested deeper than nflint handles); this is a bug in nflint, please report it";
        }
        String msg = cause.getMessage();
        String what = msg == null || msg.isBlank() ? cause.getClass().getName() : cause.getClass().getSimpleName() + ": " + msg;
        if (what.length() > 300) {
            what = what.substring(0, 300) + "...";
        }
        return input + ": internal error" + check + ": " + what + "; please report it";
    }
}
