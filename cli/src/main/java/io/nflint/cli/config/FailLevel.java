package io.nflint.cli.config;

import io.nflint.rules.Severity;
import java.util.Locale;
import java.util.Optional;

/** The mildest severity that makes {@code check} exit 1; NONE never does. */
public enum FailLevel {
    ERROR, WARNING, INFO, NONE;

    public Optional<Severity> threshold() {
        return this == NONE ? Optional.empty() : Severity.parse(name());
    }

    public static Optional<FailLevel> parse(String s) {
        for (FailLevel f : values()) {
            if (f.name().equalsIgnoreCase(s)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
