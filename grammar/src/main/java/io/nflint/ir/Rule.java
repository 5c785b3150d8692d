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
        String[] parts = t.split("\\s+", 3);
        return parts.length == 3 && parts[0].startsWith("-") ? parts[2] : t;
    }
}
