package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/**
 * {@code -m limit} (and ebtables' {@code --limit}): matches until the rate is exceeded; for one
 * packet nothing says whether the bucket is empty, so the engines treat it as may-match.
 */
public record LimitMatch(String rate, int burst, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "limit";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitLimitMatch(this);
    }
}
