package io.nflint.cli.testing;

import io.nflint.cli.RulesetParser;
import io.nflint.ir.Chain;
import io.nflint.ir.CommentLine;
import io.nflint.ir.Counters;
import io.nflint.ir.Family;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.ir.match.CommentMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.target.NoTarget;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.Verdict;
import io.nflint.parse.ParseOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the real parser, good enough for CLI tests while it is being written: tables, chain
 * declarations, {@code -A CHAIN … [-m comment --comment "…"] [-j VERDICT]}, and {@code #} lines.
 */
public final class MiniParser implements RulesetParser {

    private static final Pattern COMMENT = Pattern.compile("--comment\\s+\"([^\"]*)\"");

    @Override
    public Ruleset parse(String displayName, byte[] content, ParseOptions options) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        List<CommentLine> comments = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        String table = options.defaultTable();
        Map<String, List<Rule>> chains = new LinkedHashMap<>();
        int offset = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int no = i + 1;
            SourceSpan span = SourceSpan.line(displayName, no, line.codePointCount(0, line.length()), offset);
            offset += line.length() + 1;
            if (line.startsWith("#")) {
                comments.add(new CommentLine(no, line, span));
            } else if (line.startsWith("*")) {
                table = line.substring(1).strip();
            } else if (line.startsWith(":")) {
                chains.computeIfAbsent(line.substring(1).split("\\s+")[0], k -> new ArrayList<>());
            } else if (line.replaceFirst("^\\[\\d+:\\d+\\]\\s*", "").startsWith("-A ")) {
                String chain = line.replaceFirst("^\\[\\d+:\\d+\\]\\s*", "").split("\\s+")[1];
                List<Match> matches = new ArrayList<>();
                Matcher m = COMMENT.matcher(line);
                if (m.find()) {
                    int col = line.substring(0, m.start()).codePointCount(0, m.start()) + 1;
                    matches.add(new CommentMatch(m.group(1), new SourceSpan(displayName, no, col,
                            col + m.group().length(), span.startOffset() + m.start(), span.startOffset() + m.end())));
                }
                Target target = line.contains("-j DROP") ? new Verdict(Verdict.Kind.DROP, span)
                        : line.contains("-j ACCEPT") ? new Verdict(Verdict.Kind.ACCEPT, span) : new NoTarget(span);
                List<Rule> rules = chains.computeIfAbsent(chain, k -> new ArrayList<>());
                rules.add(new Rule(table, chain, rules.size() + 1, matches, target, Counters.NONE, span, line));
            } else if (line.equals("COMMIT")) {
                tables.add(table(table, chains));
                chains = new LinkedHashMap<>();
            }
        }
        if (!chains.isEmpty()) {
            tables.add(table(table, chains));
        }
        Family family = options.family() == null ? Family.IPV4 : options.family();
        return new Ruleset(displayName, family, false, tables, comments, List.of());
    }

    private static Table table(String name, Map<String, List<Rule>> chains) {
        List<Chain> cs = new ArrayList<>();
        chains.forEach((n, rules) -> cs.add(new Chain(n, false, null, null, Counters.NONE, null, List.of(), rules)));
        return new Table(name, null, null, null, cs);
    }
}
