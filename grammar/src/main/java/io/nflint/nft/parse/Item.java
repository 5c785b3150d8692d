package io.nflint.nft.parse;

import io.nflint.ir.SourceSpan;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * One term of a rule or block body as the builder reads it: a token, or a bracketed group
 * ({@code { … }}, {@code ( … )}, {@code [ … ]}) with its inner items, newlines dropped. A brace
 * group keeps its parse tree ({@code braced}, else null), where its newlines still separate the
 * rules of a chain bound to a rule ({@code jump { … }}).
 */
record Item(Token token, char group, List<Item> inner, Token close, NftParser.BracedContext braced) {

    static Item of(Token t) {
        return new Item(t, '\0', List.of(), t, null);
    }

    /** The items of a brace group line by line (newline or {@code ;} ends one), empty lines left out. */
    List<List<Item>> lines() {
        List<List<Item>> out = new java.util.ArrayList<>();
        List<Item> cur = new java.util.ArrayList<>();
        for (org.antlr.v4.runtime.tree.ParseTree c : braced.children) {
            if (c instanceof NftParser.TermContext t) {
                cur.add(NftCommands.item(t));
            } else if (!cur.isEmpty() && c instanceof org.antlr.v4.runtime.tree.TerminalNode n
                    && (n.getSymbol().getType() == NftLexer.NL || n.getSymbol().getType() == NftLexer.SEMI
                    || n.getSymbol().getType() == NftLexer.RBRACE)) {
                out.add(cur);
                cur = new java.util.ArrayList<>();
            }
        }
        return out;
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
