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
        int[] scan = scan(text);
        return scan == null ? null : tokens(text, scan);
    }

    /** The tokens of {@link #scan}'s triples, EOF added. */
    static List<Token> tokens(String text, int[] scan) {
        List<Token> out = new ArrayList<>(scan.length / 3 + 1);
        for (int i = 0; i < scan.length; i += 3) {
            out.add(token(scan[i], text, scan[i + 1], scan[i + 2]));
        }
        return eof(out, text.length());
    }

    /**
     * The same tokens as (type, start, end) triples, EOF left out, or null: what {@link FastCommand}
     * reads without making a token object per word.
     */
    static int[] scan(String text) {
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
        Triples out = new Triples();
        int p = skipBlanks(line, 0);
        if (p < n) {
            char c = line[p];
            if (c == '#') {
                out.add(NetfilterLexer.COMMENT, p, n);
                return out.done();
            }
            if (c == '*' || c == ':') {
                int end = p + 1;
                while (end < n && line[end] != ' ' && line[end] != '\t') {
                    end++;
                }
                out.add(c == '*' ? NetfilterLexer.TABLE : NetfilterLexer.CHAIN, p, end);
                p = end;
            } else if (text.startsWith("COMMIT", p) && wordEnd(line, p) == p + 6) {
                out.add(NetfilterLexer.COMMIT, p, p + 6);
                p += 6;
            }
        }
        // the rest is ARGS mode (the head tokens other than the four above are the same tokens)
        while (true) {
            p = skipBlanks(line, p);
            if (p >= n) {
                return out.done();
            }
            if (line[p] == '"') {
                int close = p + 1;
                while (close < n && line[close] != '"') {
                    close++;
                }
                if (close == n) {
                    return null;
                }
                out.add(NetfilterLexer.DQUOTE, p, p + 1);
                if (close > p + 1) {
                    out.add(NetfilterLexer.QTEXT, p + 1, close);
                }
                out.add(NetfilterLexer.QEND, close, close + 1);
                p = close + 1;
                continue;
            }
            int end = wordEnd(line, p);
            out.add(wordType(line, p, end), p, end);
            p = end;
        }
    }

    /** A growing int array of (type, start, end). */
    private static final class Triples {
        private int[] a = new int[72];
        private int n;

        void add(int type, int from, int to) {
            if (n + 3 > a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = type;
            a[n++] = from;
            a[n++] = to;
        }

        int[] done() {
            return java.util.Arrays.copyOf(a, n);
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
