package io.nflint.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code command} rule of NetfilterParser.g4 applied to {@link FastLineLexer}'s tokens of a
 * well-formed line, without the generated parser: on a 100k-rule dump its parse trees and token
 * objects were a third of everything the parse allocated. It follows the grammar's choices
 * ({@code lead+=WORD* option+}, an option being {@code BANG? name BANG? value*}, a {@code BANG}
 * right after an option's name taken as that option's, as the parser's greedy subrule does) and
 * answers null for any line it does not take whole (headers, chain declarations, COMMIT, comments,
 * errors), which the grammar then parses. FastCommandTest holds it to the parser's answer on every
 * corpus line and on random lines.
 */
final class FastCommand {

    private FastCommand() {
    }

    /** The command of {@code text} from its fast tokens (triples of type, start, end), or null. */
    static LineSyntax.Command of(LineParser spans, String text, int[] t) {
        int n = t.length;
        if (n == 0) {
            return null;
        }
        int i = 0;
        List<Val> lead = List.of();
        while (i < n && t[i] == NetfilterLexer.WORD) {
            if (lead.isEmpty()) {
                lead = new ArrayList<>(2);
            }
            lead.add(new Val(text.substring(t[i + 1], t[i + 2]), spans.spanOfCodePoints(t[i + 1], t[i + 2]), false));
            i += 3;
        }
        List<Opt> options = new ArrayList<>(n / 9 + 1);
        while (i < n) {
            int start = t[i + 1];
            boolean neg = t[i] == NetfilterLexer.BANG;
            if (neg) {
                i += 3;
            }
            if (i >= n || t[i] != NetfilterLexer.LONG_OPT && t[i] != NetfilterLexer.SHORT_OPT) {
                return null;
            }
            int nameAt = i;
            int end = t[i + 2];
            i += 3;
            boolean neg2 = i < n && t[i] == NetfilterLexer.BANG;
            if (neg2) {
                end = t[i + 2];
                i += 3;
            }
            List<Val> values = List.of();
            while (i < n && (t[i] == NetfilterLexer.WORD || t[i] == NetfilterLexer.DQUOTE)) {
                if (values.isEmpty()) {
                    values = new ArrayList<>(2);
                }
                if (t[i] == NetfilterLexer.WORD) {
                    values.add(new Val(text.substring(t[i + 1], t[i + 2]), spans.spanOfCodePoints(t[i + 1], t[i + 2]), false));
                    end = t[i + 2];
                    i += 3;
                    continue;
                }
                int from = t[i + 1];
                i += 3;
                String quoted = "";
                if (i < n && t[i] == NetfilterLexer.QTEXT) {
                    quoted = text.substring(t[i + 1], t[i + 2]);
                    i += 3;
                }
                if (i >= n || t[i] != NetfilterLexer.QEND) {
                    return null;
                }
                end = t[i + 2];
                i += 3;
                values.add(new Val(quoted, spans.spanOfCodePoints(from, end), true));
            }
            options.add(new Opt(neg, neg2, text.substring(t[nameAt + 1], t[nameAt + 2]),
                    spans.spanOfCodePoints(t[nameAt + 1], t[nameAt + 2]), values, spans.spanOfCodePoints(start, end)));
        }
        if (options.isEmpty()) {
            return null;
        }
        return new LineSyntax.Command(lead, options, spans.spanOfCodePoints(t[1], t[n - 1]));
    }
}
