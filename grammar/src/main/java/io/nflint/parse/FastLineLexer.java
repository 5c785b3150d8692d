package io.nflint.parse;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/**
 * The tokens {@link NetfilterLexer} makes of an ordinary line, without its ATN simulation: on a
 * 100k-rule dump the generated lexer was a third of the parse. The grammar stays the definition —
 * this covers the lines that need none of its harder corners (printable ASCII without backslashes,
 * quotes that close) and answers null for every other line, which the generated lexer then takes.
 * FastLineLexerTest holds the two to the same tokens on every corpus line and on random lines.
 */
final class FastLineLexer {

    private FastLineLexer() {
    }

    /** The tokens of {@code line} (without EOF), or null when the generated lexer must do it. */
    static List<Token> tokens(String line) {
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            // tab is the only control character the rules treat apart; others are word characters,
            // but the rare line with one (or with non-ASCII, escapes, CR) goes the general way
            if (c > '~' || c == '\\' || (c < ' ' && c != '\t')) {
                return null;
            }
        }
        List<Token> out = new ArrayList<>(24);
        int p = skipBlanks(line, 0);
        if (p < n) {
            char c = line.charAt(p);
            if (c == '#') {
                out.add(token(NetfilterLexer.COMMENT, line, p, n));
                return out;
            }
            if (c == '*' || c == ':') {
                int end = p + 1;
                while (end < n && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                    end++;
                }
                out.add(token(c == '*' ? NetfilterLexer.TABLE : NetfilterLexer.CHAIN, line, p, end));
                p = end;
            } else if (line.startsWith("COMMIT", p) && wordEnd(line, p) == p + 6) {
                out.add(token(NetfilterLexer.COMMIT, line, p, p + 6));
                p += 6;
            }
        }
        // the rest is ARGS mode (the head tokens other than the four above are the same tokens)
        while (true) {
            p = skipBlanks(line, p);
            if (p >= n) {
                return out;
            }
            if (line.charAt(p) == '"') {
                int close = line.indexOf('"', p + 1);
                if (close < 0) {
                    return null;
                }
                out.add(token(NetfilterLexer.DQUOTE, line, p, p + 1));
                if (close > p + 1) {
                    out.add(token(NetfilterLexer.QTEXT, line, p + 1, close));
                }
                out.add(token(NetfilterLexer.QEND, line, close, close + 1));
                p = close + 1;
                continue;
            }
            int end = wordEnd(line, p);
            out.add(token(wordType(line, p, end), line, p, end));
            p = end;
        }
    }

    /**
     * The longest match decides, and a tie goes to the rule listed first: a run of word characters
     * is BANG, SHORT_OPT or LONG_OPT only when that rule matches all of it.
     */
    private static int wordType(String line, int from, int to) {
        int len = to - from;
        char c0 = line.charAt(from);
        if (len == 1 && c0 == '!') {
            return NetfilterLexer.BANG;
        }
        if (c0 != '-' || len < 2) {
            return NetfilterLexer.WORD;
        }
        char c1 = line.charAt(from + 1);
        if (len == 2) {
            return alnum(c1) ? NetfilterLexer.SHORT_OPT : NetfilterLexer.WORD;
        }
        if (c1 != '-' || !alnum(line.charAt(from + 2))) {
            return NetfilterLexer.WORD;
        }
        for (int i = from + 3; i < to; i++) {
            char c = line.charAt(i);
            if (!alnum(c) && c != '_' && c != '-') {
                return NetfilterLexer.WORD;
            }
        }
        return NetfilterLexer.LONG_OPT;
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static int skipBlanks(String line, int p) {
        while (p < line.length() && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    /** End of the run of WORD characters from {@code p} (no backslash gets here). */
    private static int wordEnd(String line, int p) {
        int end = p;
        while (end < line.length()) {
            char c = line.charAt(end);
            if (c == ' ' || c == '\t' || c == '"') {
                break;
            }
            end++;
        }
        return end;
    }

    private static Token token(int type, String line, int from, int to) {
        CommonToken t = new CommonToken(type, line.substring(from, to));
        t.setStartIndex(from);
        t.setStopIndex(to - 1);
        t.setLine(1);
        t.setCharPositionInLine(from);
        return t;
    }
}
