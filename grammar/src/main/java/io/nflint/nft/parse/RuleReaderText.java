package io.nflint.nft.parse;

/** Text helpers the JSON reader shares with the text parser. */
public final class RuleReaderText {

    private RuleReaderText() {
    }

    public static String collapse(String s) {
        return RuleReader.collapse(s);
    }
}
