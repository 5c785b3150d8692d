package io.nflint.nft.parse;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftExpr;
import java.util.List;

/**
 * The terms of one rule (or group) and the position reading them: taking, peeking and expecting
 * terms, and how a token reads as a value. A term that is not what the reader expects raises
 * {@link RuleReader.Unexpected} at it.
 */
abstract class TermCursor {

    final List<Item> items;
    int pos;

    TermCursor(List<Item> items) {
        this.items = items;
    }

    static boolean isPunctuation(Item i) {
        return switch (i.token().getType()) {
            case NftLexer.WORD, NftLexer.STRING, NftLexer.NUMBER, NftLexer.HEX, NftLexer.IPV4, NftLexer.IPV6,
                    NftLexer.NUMUNIT, NftLexer.STAR, NftLexer.SET, NftLexer.MAP, NftLexer.TYPE, NftLexer.ADD,
                    NftLexer.DELETE, NftLexer.INSERT, NftLexer.RESET, NftLexer.LIST, NftLexer.CREATE,
                    NftLexer.REPLACE, NftLexer.DESTROY -> false;
            default -> true;
        };
    }

    /** An element from its key through its data, where both stand on one line (a long list is not underlined whole). */
    static SourceSpan elementSpan(Item start, Item end) {
        return through(start, end);
    }

    /** From the first item through the last, on the first item's line. */
    static SourceSpan through(Item first, Item last) {
        return NftTokenSource.span(first.token(), last.close());
    }

    /** A value token as nft prints it: numbers in decimal, strings without quotes. */
    static String value(Item i) {
        if (i.isGroup()) {
            throw new RuleReader.Unexpected(i, "syntax error, unexpected " + describe(i));
        }
        return switch (i.token().getType()) {
            case NftLexer.STRING -> i.unquoted();
            case NftLexer.NUMBER, NftLexer.HEX -> number(i.text());
            default -> i.text();
        };
    }

    static String number(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return new java.math.BigInteger(text.substring(2), 16).toString();
            }
            return new java.math.BigInteger(text).toString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static String describe(Item i) {
        if (i == null) {
            return "end of file";
        }
        if (i.isGroup()) {
            return "'" + i.group() + "'";
        }
        return i.token().getType() == NftLexer.JUNK ? "junk" : i.text();
    }

    static String exprText(NftExpr e) {
        return NftExprText.of(e);
    }

    /** Whitespace runs as one space: how a verbatim statement compares across text and JSON. */
    public static String collapse(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    Item peek() {
        return items.get(pos);
    }

    Item last() {
        return items.get(Math.max(0, pos - 1));
    }

    Item take() {
        if (pos >= items.size()) {
            throw new RuleReader.Unexpected(null, "syntax error, unexpected end of rule");
        }
        return items.get(pos++);
    }

    Item next(String what) {
        if (pos >= items.size()) {
            throw new RuleReader.Unexpected(null, "syntax error, unexpected end of rule, expecting " + what);
        }
        return items.get(pos++);
    }

    boolean peekIsWord(String... words) {
        if (pos >= items.size() || peek().isGroup()) {
            return false;
        }
        String t = peek().text();
        for (String w : words) {
            if (w.equals(t)) {
                return true;
            }
        }
        return false;
    }

    void expect(int type, String what) {
        Item i = next(what);
        if (!i.is(type)) {
            throw new RuleReader.Unexpected(i, "syntax error, unexpected " + describe(i) + ", expecting " + what);
        }
    }

    void expectWord(String w) {
        Item i = next("'" + w + "'");
        if (!i.isWord(w)) {
            throw new RuleReader.Unexpected(i, "syntax error, unexpected " + describe(i) + ", expecting " + w);
        }
    }

    SourceSpan lastSpan() {
        return last().span();
    }
}
