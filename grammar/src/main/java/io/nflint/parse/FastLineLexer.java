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

    /** The tokens of {@code text} up to EOF, or null when the generated lexer must do it. */
    static List<Token> tokens(String text) {
        // one copy of the characters: String.charAt is a call per character in C1-compiled code
        char[] line = text.toCharArray();
        int n = line.length;
        for (int i = 0; i < n; i++) {
            char c = line[i];
            // tab is the only control character the rules treat apart; others are word characters,
            // but the rare line with one (or with non-ASCII, escapes, CR) goes the general way
            if (c > '~' || c == '\\' || (c < ' ' && c != '\t')) {
                return null;
            }
        }
        List<Token> out = new ArrayList<>(24);
        int p = skipBlanks(line, 0);
        if (p < n) {
            char c = line[p];
            if (c == '#') {
                out.add(token(NetfilterLexer.COMMENT, text, p, n));
                return eof(out, n);
            }
            if (c == '*' || c == ':') {
                int end = p + 1;
                while (end < n && line[end] != ' ' && line[end] != '\t') {
                    end++;
                }
                out.add(token(c == '*' ? NetfilterLexer.TABLE : NetfilterLexer.CHAIN, text, p, end));
                p = end;
            } else if (text.startsWith("COMMIT", p) && wordEnd(line, p) == p + 6) {
                out.add(token(NetfilterLexer.COMMIT, text, p, p + 6));
                p += 6;
            }
        }
        // the rest is ARGS mode (the head tokens other than the four above are the same tokens)
        while (true) {
            p = skipBlanks(line, p);
            if (p >= n) {
                return eof(out, n);
            }
            if (line[p] == '"') {
                int close = p + 1;
                while (close < n && line[close] != '"') {
                    close++;
                }
                if (close == n) {
                    return null;
                }
                out.add(token(NetfilterLexer.DQUOTE, text, p, p + 1));
                if (close > p + 1) {
                    out.add(token(NetfilterLexer.QTEXT, text, p + 1, close));
                }
                out.add(token(NetfilterLexer.QEND, text, close, close + 1));
                p = close + 1;
                continue;
            }
            int end = wordEnd(line, p);
            out.add(token(wordType(line, p, end), text, p, end));
            p = end;
        }
    }

    /**
     * The longest match decides, and a tie goes to the rule listed first: a run of word characters
     * is BANG, SHORT_OPT or LONG_OPT only when that rule matches all of it.
     */
    private static int wordType(char[] line, int from, int to) {
        int len = to - from;
        char c0 = line[from];
        if (len == 1 && c0 == '!') {
            return NetfilterLexer.BANG;
        }
        if (c0 != '-' || len < 2) {
            return NetfilterLexer.WORD;
        }
        char c1 = line[from + 1];
        if (len == 2) {
            return alnum(c1) ? NetfilterLexer.SHORT_OPT : NetfilterLexer.WORD;
        }
        if (c1 != '-' || !alnum(line[from + 2])) {
            return NetfilterLexer.WORD;
        }
        for (int i = from + 3; i < to; i++) {
            char c = line[i];
            if (!alnum(c) && c != '_' && c != '-') {
                return NetfilterLexer.WORD;
            }
        }
        return NetfilterLexer.LONG_OPT;
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static int skipBlanks(char[] line, int p) {
        while (p < line.length && (line[p] == ' ' || line[p] == '\t')) {
            p++;
        }
        return p;
    }

    /** End of the run of WORD characters from {@code p} (no backslash gets here). */
    private static int wordEnd(char[] line, int p) {
        int end = p;
        while (end < line.length) {
            char c = line[end];
            if (c == ' ' || c == '\t' || c == '"') {
                break;
            }
            end++;
        }
        return end;
    }

    /** Ends the list with EOF, as the parser expects (ListTokenSource would scan the text for one). */
    private static List<Token> eof(List<Token> out, int n) {
        CommonToken t = new CommonToken(Token.EOF, "<EOF>");
        t.setStartIndex(n);
        t.setStopIndex(n - 1);
        t.setLine(1);
        t.setCharPositionInLine(n);
        out.add(t);
        return out;
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
