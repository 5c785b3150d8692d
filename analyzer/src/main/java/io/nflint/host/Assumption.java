package io.nflint.host;

/**
 * Something the model holds that was not read from the host but assumed or inferred, so that a
 * finding built on it can say "assuming …". {@code file} names the bundle file whose absence (or
 * silence) led to it, or is empty for facts inferred from the rules.
 */
public record Assumption(String file, String text) {

    public Assumption {
        file = file == null ? "" : file;
    }

    @Override
    public String toString() {
        return text;
    }
}
