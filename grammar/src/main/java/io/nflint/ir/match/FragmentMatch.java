package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/** {@code -f}: second and later fragments. */
public record FragmentMatch(boolean negated, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitFragmentMatch(this);
    }
}
