package io.nflint.rules;

import java.util.Locale;
import java.util.Optional;

/** How bad a finding is; the order is from worst to mildest. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this severity is at or above {@code level} (ERROR is above WARNING). */
    public boolean atLeast(Severity level) {
        return ordinal() <= level.ordinal();
    }

    public static Optional<Severity> parse(String s) {
        for (Severity v : values()) {
            if (v.label().equalsIgnoreCase(s)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
