package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;

/**
 * A {@code #} comment of an nft file (or of a file it includes), kept for {@code # nflint-disable}
 * directives. {@code trailing} is a comment after code on its line, which speaks about that line; a
 * comment on a line of its own speaks about the next line.
 */
public record NftComment(String text, boolean trailing, SourceSpan span) {
}
