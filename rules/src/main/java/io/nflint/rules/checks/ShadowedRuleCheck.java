package io.nflint.rules.checks;

import io.nflint.rules.support.ShadowedDraft;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.RoutingReason;
import io.nflint.rules.support.StructuralOverlap;
import io.nflint.rules.support.SymbolicRuleLogic;
import io.nflint.symbolic.RuleLogicReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        io.nflint.rules.support.NftRuleLogicFindings.shadowed(context, sink);
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
            List<ShadowedDraft> drafts = new ArrayList<>();
            for (RuleLogicReport.Shadowed s : report.shadowed()) {
                if (!overlap.skip(s.rule())) {
                    drafts.add(draft(s, SymbolicRuleLogic.hostOf(context) != null));
                }
            }
            ShadowedDraft.reportGrouped(drafts, sink);
            if (report.rulesSkipped() > 0) {
                SourceSpan first = rs.tables().isEmpty() || rs.tables().get(0).span() == null
                        ? new SourceSpan(rs.file(), 1, 1, 1, 0, 0) : rs.tables().get(0).span();
                sink.at(first, "rule logic examined " + report.rulesAnalysed() + " of "
                        + (report.rulesAnalysed() + report.rulesSkipped()) + " rules: its solver work limit of "
                        + String.format(java.util.Locale.ROOT, "%,d", context.engineOptions().ruleLogicWork())
                        + " units for this rule set was spent; the " + report.rulesSkipped()
                        + " rules it did not examine are each reported as undecided")
                        .help("raise the limit with -Dnflint.symbolic.ruleLogicWork=UNITS in NFLINT_JAVA_OPTS (0: no limit)")
                        .severity(Severity.INFO).report();
            }
            for (RuleLogicReport.Undecided u : report.undecided()) {
                sink.at(u.rule().span(), "could not decide " + u.question() + "; the rule may be shadowed")
                        .rule(u.rule()).severity(Severity.INFO).report();
            }
        }
    }

    private static final io.nflint.ir.IpNet MULTICAST4 = io.nflint.ir.IpNet.of(io.nflint.ir.Ip.v4(224, 0, 0, 0), 4);

    /**
     * A rule whose -s lies in 224.0.0.0/4 (or ff00::/8) is about packets the kernel discards as
     * martians before any hook that could see them (ip_route_input_slow, ip6_rcv_core), except on lo:
     * nothing to move above anything.
     */
    private static String multicastSource(Rule r) {
        for (io.nflint.lower.FieldTest a : io.nflint.lower.FieldTests.whole(io.nflint.lower.LoweredRule.of(r), io.nflint.lower.Field.IP_SADDR)) {
            if (!a.negated() && !a.nets().isEmpty() && a.nets().stream().allMatch(n -> n.v6()
                    ? n.length() >= 8 && (n.address().hi() >>> 56) == 0xff : MULTICAST4.contains(n))) {
                return "; its source is a multicast address, and the kernel drops packets from one as martians"
                        + " before the firewall sees them (except on lo), so the rule is not needed at all";
            }
        }
        return "";
    }

    private static ShadowedDraft draft(RuleLogicReport.Shadowed s, boolean onHost) {
        Rule r = s.rule();
        String action = callee(r) == null ? name(r) : null;
        List<Rule> deciders = s.covering().stream().filter(c -> !s.setsState(c)).toList();
        List<Rule> setters = s.covering().stream().filter(s::setsState).toList();
        String message;
        if (deciders.isEmpty()) {
            message = "rule is never matched: " + (setters.isEmpty()
                    ? "no packet that reaches " + where(r) + " satisfies all of its conditions"
                            + (onHost ? " on this host (its addresses and routes, from the bundle)" : "")
                            + RoutingReason.of(r)
                    : "the marks set at " + items(s, setters) + " rule out its conditions");
        } else {
            message = "rule is shadowed by " + items(s, deciders)
                    + (setters.isEmpty() ? "" : ", with the marks set at " + items(s, setters))
                    + (s.differing().isEmpty()
                    ? ": every packet it matches already gets " + actions(s, deciders) + " there"
                    : ": every packet it would " + (action != null ? action : "send to " + callee(r))
                            + " is already decided there (" + actions(s, deciders) + ")");
        }
        message += multicastSource(r);
        List<ShadowedDraft.Related> rep = new ArrayList<>();
        for (Rule c : s.covering()) {
            String callee = callee(c);
            String what = callee == null ? verb(c) + (setsState(c) ? " on" : "") + " part of its packets first"
                    : (c.target() instanceof Goto ? "-g " : "-j ") + callee + " takes part of its packets first";
            rep.add(new ShadowedDraft.Related(c.span(), (s.differing().contains(c) ? "differs: " : "") + what));
            for (Rule in : s.inside(c)) {
                rep.add(new ShadowedDraft.Related(in.span(), verb(in) + " in " + in.chain() + " (reached from line " + c.span().line() + ")"));
            }
            RuleLogicReport.GotoEnd end = s.gotoEnd(c);
            if (end != null) {
                for (Rule in : end.deciding()) {
                    rep.add(new ShadowedDraft.Related(in.span(), verb(in) + (end.fallsTo() == null ? "" : " part of them")
                            + " in " + in.chain() + " (reached from line " + c.span().line() + ")"));
                }
            }
        }
        boolean delete = s.differing().isEmpty() || deciders.isEmpty();
        return new ShadowedDraft(r, message, rep, delete ? null : deciders.get(0).span().line(),
                action != null ? action : verb(r));
    }

    /** "lines 3, 4", or with what a call does inside: "line 4 (-j LOGDROP, which drops at line 7) and line 9". */
    private static String items(RuleLogicReport.Shadowed s, List<Rule> rules) {
        if (rules.stream().allMatch(c -> callee(c) == null)) {
            return lines(rules);
        }
        List<String> parts = new ArrayList<>();
        for (Rule c : rules) {
            String callee = callee(c);
            parts.add("line " + c.span().line() + (callee == null ? "" : " (" + call(s, c, callee) + ")"));
        }
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** "-j LOGDROP, which drops at line 7"; a goto the proof needs nothing inside of never comes back. */
    private static String call(RuleLogicReport.Shadowed s, Rule c, String callee) {
        boolean isGoto = c.target() instanceof Goto;
        String head = (isGoto ? "-g " : "-j ") + callee;
        Map<String, List<Rule>> byVerb = new LinkedHashMap<>();
        for (Rule in : s.inside(c)) {
            if (callee(in) == null) {
                byVerb.computeIfAbsent(verb(in), k -> new ArrayList<>()).add(in);
            }
        }
        if (byVerb.isEmpty()) {
            RuleLogicReport.GotoEnd end = s.gotoEnd(c);
            if (isGoto && end != null) {
                return head + ", from which no packet comes back here: " + ending(end);
            }
            return isGoto ? head + ", from which no packet comes back here" : head;
        }
        List<String> does = new ArrayList<>();
        byVerb.forEach((verb, rules) -> does.add(verb + " at " + lines(rules)));
        return head + ", which " + String.join(" and ", does);
    }

    /** "none of its rules matches them, so they meet the INPUT policy (DROP)", or what may decide them there. */
    private static String ending(RuleLogicReport.GotoEnd end) {
        if (end.deciding().isEmpty()) {
            return "none of its rules matches them, so they meet " + end.fallsTo();
        }
        String verbs = end.deciding().stream().map(ShadowedRuleCheck::verb).distinct().collect(Collectors.joining(", "));
        if (end.fallsTo() == null) {
            return lines(end.deciding()) + " (" + verbs + ") decide" + (end.deciding().size() == 1 ? "s" : "") + " them there";
        }
        return "only " + lines(end.deciding()) + " (" + verbs + ") may take some of them, the others meet " + end.fallsTo();
    }

    private static String verb(Rule r) {
        String callee = callee(r);
        if (callee != null) {
            return (r.target() instanceof Goto ? "-g " : "-j ") + callee;
        }
        if (setsState(r)) {
            return "sets " + name(r);
        }
        return switch (name(r)) {
            case "ACCEPT" -> "accepts";
            case "DROP" -> "drops";
            case "REJECT" -> "rejects";
            case "RETURN" -> "returns";
            default -> "applies " + name(r);
        };
    }

    private static String callee(Rule r) {
        return r.target() instanceof Jump j ? j.chain() : r.target() instanceof Goto g ? g.chain() : null;
    }

    private static String name(Rule r) {
        return r.target().name().isEmpty() ? "count" : r.target().name();
    }

    /** MARK/CONNMARK-style rules explain by changing state, not by deciding the packet. */
    private static boolean setsState(Rule r) {
        return io.nflint.lower.TargetKind.of(r.target()).setsState();
    }

    private static String where(Rule r) {
        return r.table() + " " + r.chain();
    }

    static String lines(List<Rule> rules) {
        return (rules.size() == 1 ? "line " : "lines ")
                + rules.stream().map(x -> Integer.toString(x.span().line())).collect(Collectors.joining(", "));
    }

    /** The actions that decide the packets: for a jump, those of the deciding rules inside. */
    private static String actions(RuleLogicReport.Shadowed s, List<Rule> rules) {
        List<String> out = new ArrayList<>();
        for (Rule c : rules) {
            RuleLogicReport.GotoEnd end = s.gotoEnd(c);
            if (end == null) {
                s.deciders(c).forEach(d -> out.add(callee(d) == null ? name(d) : verb(d)));
                continue;
            }
            end.deciding().forEach(d -> out.add(callee(d) == null ? name(d) : verb(d)));
            if (end.fallsTo() != null) {
                out.add(end.fallsToVerdict() != null ? end.fallsToVerdict() : "back to " + end.fallsTo());
            }
        }
        return out.stream().distinct().collect(Collectors.joining("/"));
    }
}
