package io.nflint.rules.checks;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.symbolic.RuleLogicReport;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule that no packet reaching it can match: earlier rules (alone or together, through user
 * chains, gotos and marks set in earlier tables) already decided every packet it would match.
 * Proved by the symbolic engine, with a minimal set of the earlier rules that cover it.
 */
@CheckInfo(id = "NFL101", name = "shadowed-rule", severity = Severity.WARNING, engines = {Engine.SYMBOLIC},
        summary = "No packet that reaches the rule matches it: earlier rules decide all of its packets")
public final class ShadowedRuleCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            if (!rs.family().isIp()) {
                continue;
            }
            RuleLogicReport report = SymbolicRuleLogic.of(context, rs);
            StructuralOverlap overlap = new StructuralOverlap(context);
            if (SymbolicRuleLogic.unavailableReason() != null) {
                sink.at(new SourceSpan(rs.file(), 1, 1, 1, 0, 0),
                        "rule logic not analysed: " + SymbolicRuleLogic.unavailableReason())
                        .severity(Severity.INFO).report();
                return;
            }
            for (RuleLogicReport.Shadowed s : report.shadowed()) {
                if (!overlap.skip(s.rule())) {
                    report(sink, s, SymbolicRuleLogic.hostOf(context) != null);
                }
            }
            if (report.rulesSkipped() > 0) {
                SourceSpan first = rs.tables().isEmpty() || rs.tables().get(0).span() == null
                        ? new SourceSpan(rs.file(), 1, 1, 1, 0, 0) : rs.tables().get(0).span();
                sink.at(first, "rule logic checked " + report.rulesAnalysed() + " of "
                        + (report.rulesAnalysed() + report.rulesSkipped()) + " rules within its time budget; the rest were not examined")
                        .help("raise the budget with -Dnflint.symbolic.budgetMs=MILLIS (NFLINT_JAVA_OPTS)")
                        .severity(Severity.INFO).report();
            }
            for (RuleLogicReport.Undecided u : report.undecided()) {
                sink.at(u.rule().span(), "could not decide " + u.question() + "; the rule may be shadowed")
                        .rule(u.rule()).severity(Severity.INFO).report();
            }
        }
    }

    private static void report(FindingSink sink, RuleLogicReport.Shadowed s, boolean onHost) {
        Rule r = s.rule();
        String action = r.target().name().isEmpty() ? "count" : r.target().name();
        List<Rule> deciders = s.covering().stream().filter(c -> !setsState(c)).toList();
        List<Rule> setters = s.covering().stream().filter(ShadowedRuleCheck::setsState).toList();
        String message;
        if (deciders.isEmpty()) {
            message = "rule is never matched: " + (setters.isEmpty()
                    ? "no packet that reaches " + where(r) + " satisfies all of its conditions"
                            + (onHost ? " on this host (its addresses and routes, from the bundle)" : "")
                    : "the marks set at " + lines(setters) + " rule out its conditions");
        } else {
            message = "rule is shadowed by " + lines(deciders) + (s.differing().isEmpty()
                    ? ", which already " + actions(deciders) + " every packet it matches"
                    : ": every packet it would " + action + " is already decided there (" + actions(deciders) + ")");
            if (!setters.isEmpty()) {
                message += "; marks set at " + lines(setters) + " rule out the rest";
            }
        }
        FindingSink.Report rep = sink.at(r.span(), message).rule(r);
        for (Rule c : s.covering()) {
            String verb = c.target().name().isEmpty() ? "counts" : c.target().name();
            rep = rep.related(c.span(), (s.differing().contains(c) ? "differs: " : "") + verb + " part of its packets first");
        }
        rep.help(s.differing().isEmpty() || deciders.isEmpty()
                ? "delete the rule: it changes nothing"
                : "move the rule above line " + deciders.get(0).span().line() + " if its " + action
                        + " was meant to win, or delete it").report();
    }

    /** MARK/CONNMARK-style rules explain by changing state, not by deciding the packet. */
    private static boolean setsState(Rule r) {
        return r.target() instanceof io.nflint.ir.target.MarkTarget || r.target() instanceof io.nflint.ir.target.ConnmarkTarget
                || r.target() instanceof io.nflint.ir.target.Notrack || r.target() instanceof io.nflint.ir.target.Ct;
    }

    private static String where(Rule r) {
        return r.table() + " " + r.chain();
    }

    static String lines(List<Rule> rules) {
        return (rules.size() == 1 ? "line " : "lines ")
                + rules.stream().map(x -> Integer.toString(x.span().line())).collect(Collectors.joining(", "));
    }

    private static String actions(List<Rule> rules) {
        return rules.stream().map(x -> x.target().name().isEmpty() ? "count" : x.target().name()).distinct()
                .collect(Collectors.joining("/"));
    }
}
