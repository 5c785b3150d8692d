package io.nflint.cli.report;

import io.nflint.rules.Severity;

/** SGR colours for the text format; every method returns the text unchanged when colour is off. */
final class Ansi {

    private final boolean on;

    Ansi(boolean on) {
        this.on = on;
    }

    String bold(String s) {
        return wrap("1", s);
    }

    String dim(String s) {
        return wrap("2", s);
    }

    String gutter(String s) {
        return wrap("34", s);
    }

    String help(String s) {
        return wrap("1;36", s);
    }

    String severity(Severity sev, String s) {
        return switch (sev) {
            case ERROR -> wrap("1;31", s);
            case WARNING -> wrap("1;33", s);
            case INFO -> wrap("1;36", s);
        };
    }

    private String wrap(String code, String s) {
        return on ? "\033[" + code + "m" + s + "\033[0m" : s;
    }
}
