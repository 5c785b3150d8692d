package io.nflint.ir;

/** A {@code #} line, kept for suppressions ({@code # nflint-disable=…}) and test expectations. */
public record CommentLine(int line, String text, SourceSpan span) {
}
