package io.nflint.rules.support;

import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.FindingSink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An NFL101 finding before it is reported, so that rules of one chain shadowed for the same reason
 * (by the same earlier rules, with the same outcome) become one finding: a 5,000-rule firewall with
 * 200 host rules under a broader subnet rule is one fix per cause, not 200 paragraphs to read.
 *
 * @param moveAbove the line to move the rule above when its own action was meant to win; null when
 *                  deleting it changes nothing
 */
public record ShadowedDraft(Rule rule, String message, List<Related> related, Integer moveAbove, String action) {

    /** Later rules of a group shown as related lines; the rest are named in the help's line ranges. */
    public static final int SHOWN = 3;

    public record Related(SourceSpan span, String message) {
    }

    private record Key(String table, String chain, String message, List<Related> related, Integer moveAbove,
                       String action) {
    }

    public static void reportGrouped(List<ShadowedDraft> drafts, FindingSink sink) {
        Map<Key, List<ShadowedDraft>> groups = new LinkedHashMap<>();
        for (ShadowedDraft d : drafts) {
            groups.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
        }
        for (List<ShadowedDraft> group : groups.values()) {
            group.sort(java.util.Comparator.comparingInt(d -> d.rule().span().line()));
            group.get(0).report(group.subList(1, group.size()), sink);
        }
    }

    private Key key() {
        return new Key(rule.table(), rule.chain(), message, related, moveAbove, action);
    }

    private void report(List<ShadowedDraft> same, FindingSink sink) {
        List<Integer> lines = new ArrayList<>();
        lines.add(rule.span().line());
        same.forEach(d -> lines.add(d.rule().span().line()));
        String more = same.isEmpty() ? "" : "; so " + (same.size() == 1 ? "is line " : "are lines ")
                + LineRanges.of(lines.subList(1, lines.size())) + " of this chain, for the same reason";
        FindingSink.Report rep = sink.at(rule.span(), message + more).rule(rule);
        for (ShadowedDraft d : same.subList(0, Math.min(SHOWN, same.size()))) {
            rep = rep.related(d.rule().span(), "shadowed the same way");
        }
        for (Related r : related) {
            rep = rep.related(r.span(), r.message());
        }
        String all = LineRanges.of(lines);
        if (same.isEmpty()) {
            rep.help(moveAbove == null ? "delete the rule: it changes nothing"
                    : "move the rule above line " + moveAbove + " if its " + action + " was meant to win, or delete it");
        } else {
            rep.help(moveAbove == null ? "delete the rules (lines " + all + "): they change nothing"
                    : "move the rules (lines " + all + ") above line " + moveAbove + " if their " + action
                            + " was meant to win, or delete them");
        }
        rep.report();
    }
}
