package io.nflint.parse;

import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * One option of a command line as the grammar groups it: {@code [!] --name [!] values…}.
 * {@code span} covers everything from the leading {@code !} to the last value.
 */
record Opt(boolean negated, boolean negatedAfter, String name, SourceSpan nameSpan, List<Val> values, SourceSpan span) {

    boolean anyNegation() {
        return negated || negatedAfter;
    }

    Opt withValues(List<Val> v, SourceSpan s) {
        return new Opt(negated, negatedAfter, name, nameSpan, v, s);
    }

    Opt withName(String full) {
        return new Opt(negated, negatedAfter, full, nameSpan, values, span);
    }

    Opt withNegation(boolean before, boolean after) {
        return new Opt(before, after, name, nameSpan, values, span);
    }
}
