package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/** {@code -m comment --comment text}: always matches; carries suppressions and intent. */
public record CommentMatch(String text, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "comment";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitCommentMatch(this);
    }
}
