package io.nflint.ir;

import java.util.Locale;
import java.util.Optional;

/** Conntrack states as {@code --ctstate}/{@code --state} name them. */
public enum CtState {
    INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT, DNAT;

    public static Optional<CtState> parse(String s) {
        try {
            return Optional.of(valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
