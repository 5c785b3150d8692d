package io.nflint.ir;

/**
 * One option value of a match, with its own negation and span: iptables negates options one by
 * one ({@code -m conntrack ! --ctstate NEW --ctproto tcp}), so negation lives here, not on the module.
 */
public record Neg<T>(T value, boolean negated, SourceSpan span) {

    /** Applies the negation to the un-negated truth of the option. */
    public boolean apply(boolean matches) {
        return negated != matches;
    }
}
