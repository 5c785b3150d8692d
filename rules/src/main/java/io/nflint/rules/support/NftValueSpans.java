package io.nflint.rules.support;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftRule;

/**
 * Where a match's value is written: the IR keeps spans on statements, not on each expression, so a
 * finding about the value ({@code 70000} in {@code tcp dport 70000}) finds it in the rule's text,
 * from the end of the match (the value is its right side). Where the rule's text is not the file's
 * (a JSON ruleset's rule is printed back from its expressions) the match's span is kept.
 */
public final class NftValueSpans {

    private NftValueSpans() {
    }

    /** The span from {@code first} to the end of {@code last} (both as written) inside {@code match}. */
    public static SourceSpan within(NftRule rule, SourceSpan match, String first, String last) {
        if (rule == null || match == null || rule.span() == null || rule.text() == null) {
            return match;
        }
        SourceSpan rs = rule.span();
        String text = rule.text();
        int from = match.column() - rs.column();
        int to = match.endColumn() - rs.column();
        if (rs.line() != match.line() || rs.endColumn() - rs.column() != text.length() || from < 0 || to > text.length()
                || from >= to) {
            return match;
        }
        String seg = text.substring(from, to);
        int end = seg.lastIndexOf(last);
        int start = first.equals(last) ? end : end <= 0 ? -1 : seg.lastIndexOf(first, end - 1);
        if (end < 0 || start < 0) {
            return match;
        }
        int stop = end + last.length();
        return new SourceSpan(match.file(), match.line(), match.column() + start, match.column() + stop,
                match.startOffset() + start, match.startOffset() + stop);
    }
}
