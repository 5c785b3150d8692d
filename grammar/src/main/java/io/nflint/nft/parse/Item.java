package io.nflint.nft.parse;

import io.nflint.ir.SourceSpan;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * One term of a rule or block body as the builder reads it: a token, or a bracketed group
 * ({@code { … }}, {@code ( … )}, {@code [ … ]}) with its inner items, newlines dropped.
 */
record Item(Token token, char group, List<Item> inner, Token close) {

    static Item of(Token t) {
        return new Item(t, '\0', List.of(), t);
    }

    boolean isGroup() {
        return group != '\0';
    }

    boolean is(int type) {
        return !isGroup() && token.getType() == type;
    }

    boolean isWord(String w) {
        return !isGroup() && text().equals(w);
    }

    String text() {
        return token.getText();
    }

    /** The text of a word or string token without quotes. */
    String unquoted() {
        String s = token.getText();
        return token.getType() == NftLexer.STRING && s.length() >= 2 ? s.substring(1, s.length() - 1) : s;
    }

    SourceSpan span() {
        return NftTokenSource.span(token, close);
    }
}
