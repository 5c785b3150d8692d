package io.nflint.ir;

import io.nflint.ir.match.Match;
import io.nflint.ir.target.Target;
import java.util.List;

/**
 * One rule of a chain. {@code number} is its 1-based position after every restore command
 * ({@code -I}, {@code -D}, …) was applied, as {@code iptables -L --line-numbers} and TRACE count it.
 * {@code text} is the line as written, for messages and baselines.
 */
public record Rule(String table, String chain, int number, List<Match> matches, Target target, Counters counters,
                   SourceSpan span, String text) {

    public Rule {
        matches = List.copyOf(matches);
    }

    public Rule withNumber(int n) {
        return new Rule(table, chain, n, matches, target, counters, span, text);
    }

    public Rule withChain(String newChain) {
        return new Rule(table, newChain, number, matches, target, counters, span, text);
    }

    /** The rule without its leading command and chain, as iptables-save prints the rest. */
    public String specText() {
        String t = text.strip();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            t = close < 0 ? t : t.substring(close + 1).strip();
        }
        if (!t.startsWith("-")) {
            return t;
        }
        // the third whitespace-separated word on: scanned, as a diff compares every rule of both sides
        int i = word(t, 0);
        int j = space(t, i);
        int k = word(t, j);
        int rest = space(t, k);
        return i == j || k == rest || rest == t.length() ? t : t.substring(rest);
    }

    private static int word(String t, int i) {
        while (i < t.length() && !blank(t.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int space(String t, int i) {
        while (i < t.length() && blank(t.charAt(i))) {
            i++;
        }
        return i;
    }

    /** What {@code \\s} matches. */
    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
