package io.nflint.rules.checks;

import io.nflint.rules.support.LineRanges;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.lower.Field;
import io.nflint.lower.LoweredRule;
import io.nflint.ir.target.NoTarget;
import io.nflint.ir.target.Verdict;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.RuleShape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The same rule twice in one chain (typically a script that ran twice, or a daemon that re-added
 * its rules after a restart). Compared on the typed IR, so spelling and option order do not hide
 * a duplicate. Comments take no part: the second copy never matches whatever it is called, and an
 * {@code nflint-disable NFL011} comment on it must silence this finding, not make it another check's.
 */
@CheckInfo(id = "NFL011", name = "duplicate-rule", severity = Severity.WARNING,
        summary = "The same rule twice in one chain")
public final class DuplicateRuleCheck implements Check {

    /** A chain with more copies than this gets one finding for all of them (a rule set loaded twice). */
    static final int GROUP_ABOVE = 3;

    /** A later copy of an earlier rule; {@code terminal}: the first copy ended the traversal. */
    public record Duplicate(Chain chain, Rule rule, Rule earlier, boolean terminal) {
    }

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (Table t : rs.tables()) {
                for (Chain c : t.chains()) {
                    List<Duplicate> found = new java.util.ArrayList<>();
                    checkChain(c, found);
                    if (found.size() > GROUP_ABOVE) {
                        reportGroup(found, sink);
                    } else {
                        found.forEach(d -> report(d, "", sink).report());
                    }
                }
            }
        }
    }

    /** Every later copy in the input, grouped or not: the lines the symbolic checks leave to this one. */
    public static List<Duplicate> all(CheckContext context) {
        List<Duplicate> found = new java.util.ArrayList<>();
        for (Ruleset rs : context.rulesets()) {
            for (Table t : rs.tables()) {
                for (Chain c : t.chains()) {
                    checkChain(c, found);
                }
            }
        }
        return found;
    }

    private static FindingSink.Report report(Duplicate d, String more, FindingSink sink) {
        Rule r = d.rule();
        Rule earlier = d.earlier();
        String what = d.terminal() ? "the first already ended the traversal for every packet this one matches, so it never matches"
                : "packets that match run " + describe(r) + " twice";
        return sink.at(r.span(), "rule " + r.number() + " of chain '" + d.chain().name() + "' duplicates rule " + earlier.number()
                        + " (line " + earlier.span().line() + "): " + what + more)
                .related(earlier.span(), "first copy")
                .rule(r)
                .help("delete this line");
    }

    /** One finding for a chain full of copies: the first, the count, and the next few lines. */
    private static void reportGroup(List<Duplicate> found, FindingSink sink) {
        Duplicate first = found.get(0);
        FindingSink.Report r = report(first, "; " + found.size() + " rules of this chain repeat earlier ones (was the"
                + " rule set loaded twice?), the first is here", sink);
        for (Duplicate d : found.subList(1, Math.min(found.size(), 1 + GROUP_ABOVE))) {
            r.related(d.rule().span(), "duplicates line " + d.earlier().span().line());
        }
        r.help("delete the later copies: lines " + LineRanges.of(found.stream().map(d -> d.rule().span().line()).toList())).report();
    }

    private static void checkChain(Chain c, List<Duplicate> found) {
        Map<String, Integer> firstIndex = new HashMap<>();
        List<Rule> rules = c.rules();
        int catchAll = RuleShape.firstCatchAll(rules);
        // rules after a catch-all are NFL012's: never reached, duplicate or not
        int end = catchAll < 0 ? rules.size() : catchAll + 1;
        if (!twoAlike(rules, end)) {
            return;
        }
        // a canonical text walks every match by reflection; only rules that agree on their outline
        // can be duplicates, and in a kube-proxy chain almost every outline is unique
        String[] outline = new String[end];
        Map<String, Integer> outlines = new HashMap<>();
        for (int i = 0; i < end; i++) {
            Rule r = rules.get(i);
            if (!deliberateRepeat(r)) {
                outline[i] = outline(r);
                outlines.merge(outline[i], 1, Integer::sum);
            }
        }
        for (int i = 0; i < end; i++) {
            Rule r = rules.get(i);
            if (outline[i] == null || outlines.get(outline[i]) == 1) {
                continue;
            }
            String key = RuleShape.canonical(r);
            Integer first = firstIndex.putIfAbsent(key, i);
            if (first == null) {
                continue;
            }
            Rule earlier = rules.get(first);
            boolean terminal = RuleShape.certainlyTerminal(earlier.target());
            if (terminal && readsMutableState(r) && somethingBetweenMayChangeIt(rules, first, i)) {
                // e.g. a MARK in between can make the second copy match where the first did not
                continue;
            }
            found.add(new Duplicate(c, r, earlier, terminal));
        }
    }

    /**
     * Whether two of the first {@code end} rules agree on target name and match count, which rules
     * with one outline do: most kube-proxy chains (an endpoint's MARK and DNAT, a service's jumps to
     * distinct endpoints) have no such pair and need no outline text at all.
     */
    private static boolean twoAlike(List<Rule> rules, int end) {
        Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < end; i++) {
            Rule r = rules.get(i);
            if (!deliberateRepeat(r) && !seen.add(((long) r.target().name().hashCode() << 16) ^ RuleShape.matchCount(r))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What two duplicates certainly share, cheap to compute: the number of matches and the target as
     * written (both parts of {@link RuleShape#canonical(Rule)}).
     */
    private static String outline(Rule r) {
        return RuleShape.matchCount(r) + "\0" + RuleShape.targetText(r);
    }

    private static String describe(Rule r) {
        if (io.nflint.lower.TargetKind.of(r.target()) == io.nflint.lower.TargetKind.LOG) {
            return "the logging (two log lines per packet)";
        }
        return "'-j " + r.target().name() + "'";
    }

    /**
     * Copies that are not redundant: each rate-limit, statistic and recent match keeps its own
     * state, so two copies match differently (two 50% DROPs drop 75%); counting rules without a
     * target (and ebtables' CONTINUE) only count; unknown modules may keep state too.
     */
    private static boolean deliberateRepeat(Rule r) {
        if (r.target() instanceof NoTarget
                || r.target() instanceof Verdict v && v.kind() == Verdict.Kind.CONTINUE) {
            return true;
        }
        return LoweredRule.of(r).varies();
    }

    private static boolean readsMutableState(Rule r) {
        LoweredRule l = LoweredRule.of(r);
        return l.reads(Field.META_MARK) || l.reads(Field.CT_MARK);
    }

    /** Anything but a plain verdict or a log between the copies may set a mark (jumps included). */
    private static boolean somethingBetweenMayChangeIt(List<Rule> rules, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            io.nflint.lower.TargetKind kind = io.nflint.lower.TargetKind.of(rules.get(k).target());
            if (kind != io.nflint.lower.TargetKind.VERDICT && kind != io.nflint.lower.TargetKind.LOG
                    && kind != io.nflint.lower.TargetKind.COUNT) {
                return true;
            }
        }
        return false;
    }
}
