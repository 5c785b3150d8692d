package io.nflint.rules.support;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftTable;
import io.nflint.rules.CheckContext;
import io.nflint.rules.FindingSink;
import io.nflint.rules.SharedKey;
import io.nflint.rules.Severity;
import io.nflint.rules.checks.nft.NftRuleAfterVerdictCheck;
import io.nflint.symbolic.NftRuleLogicReport;
import io.nflint.symbolic.SymbolicEngine;
import io.nflint.symbolic.SymbolicUnavailableException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * NFL101–103 on native nftables rulesets: one symbolic rule-logic report per ruleset and input,
 * read by the three checks, which report at the nft rule's (or chain's) own line. Rules that
 * NFL607 already reports (after an unconditional verdict in their chain) are left to it.
 */
public final class NftRuleLogicFindings {

    private static final SharedKey<Reports> REPORTS = SharedKey.of("nft rule logic reports", Reports::new);

    private NftRuleLogicFindings() {
    }

    private static final class Reports {
        private final CheckContext context;
        private final Map<NftRuleset, NftRuleLogicReport> byRuleset = new IdentityHashMap<>();

        Reports(CheckContext context) {
            this.context = context;
        }

        synchronized NftRuleLogicReport of(NftRuleset rs) {
            return byRuleset.computeIfAbsent(rs, r -> {
                if (!NftRefs.complete(r) || SymbolicRuleLogic.unavailableReason() != null) {
                    return NftRuleLogicReport.empty();
                }
                try (SymbolicEngine engine = SymbolicEngine.openOnDemand(context.engineOptions())) {
                    return engine.nftRuleLogic(r);
                } catch (SymbolicUnavailableException e) {
                    return NftRuleLogicReport.empty();
                }
            });
        }
    }

    private static List<NftRuleLogicReport> reports(CheckContext context) {
        return context.nftRulesets().stream().map(rs -> context.shared(REPORTS).of(rs)).toList();
    }

    /** NFL101: rules no packet that reaches them matches. */
    public static void shadowed(CheckContext context, FindingSink sink) {
        for (NftRuleset rs : context.nftRulesets()) {
            NftRuleLogicReport report = context.shared(REPORTS).of(rs);
            for (NftRuleLogicReport.Shadowed s : report.shadowed()) {
                if (afterUnconditionalEnd(rs, s.rule())) {
                    continue;
                }
                String message;
                if (s.neverMatches()) {
                    message = "rule is never matched: no packet that reaches " + s.where() + " satisfies all of its conditions";
                } else if (s.deciders().isEmpty()) {
                    message = "rule is shadowed: earlier rules in " + s.where() + " decide every packet it would match";
                } else {
                    message = "rule is shadowed by " + lines(s.deciders()) + ": every packet it would match is already decided there";
                }
                FindingSink.Report r = sink.at(s.rule().span(), message).location(table(s.where()), chain(s.where()), s.rule().text());
                for (NftRule d : s.deciders()) {
                    r = r.related(d.span(), "decides part of its packets first");
                }
                r.help(s.neverMatches() ? "fix the conditions that cannot hold together, or delete the rule"
                        : "move the rule above the rules that decide its packets, or delete it").report();
            }
            for (NftRuleLogicReport.Undecided u : report.undecided()) {
                sink.at(u.rule().span(), "could not decide " + u.question() + "; the rule may be shadowed")
                        .severity(Severity.INFO).report();
            }
        }
    }

    /** NFL102: rules whose removal changes no packet's fate in any base chain that reaches them. */
    public static void redundant(CheckContext context, FindingSink sink) {
        for (NftRuleLogicReport report : reports(context)) {
            for (NftRuleLogicReport.Redundant r : report.redundant()) {
                sink.at(r.rule().span(), "rule is redundant: removing it changes no packet's verdict, marks or addresses in "
                                + r.where() + "; the rules after it or the policy decide its packets the same way")
                        .location(table(r.where()), chain(r.where()), r.rule().text())
                        .help("delete the rule, or keep it with a comment if it documents intent").report();
            }
        }
    }

    /** NFL103: regular chains that rules jump to but no packet reaches. */
    public static void unreachableChains(CheckContext context, FindingSink sink) {
        for (NftRuleLogicReport report : reports(context)) {
            for (NftRuleLogicReport.UnreachableChain u : report.unreachableChains()) {
                NftChain c = u.chain();
                SourceSpan at = c.span() != null ? c.span() : u.jumps().get(0).span();
                int rules = c.rules().size();
                FindingSink.Report rep = sink.at(at, "chain " + u.where() + " (" + rules + (rules == 1 ? " rule" : " rules")
                        + ") is unreachable: no packet reaches any of the " + u.jumps().size()
                        + (u.jumps().size() == 1 ? " rule that jumps" : " rules that jump") + " to it")
                        .location(table(u.where()), c.name(), "");
                for (NftRule j : u.jumps()) {
                    rep = rep.related(j.span(), "this jump is never taken");
                }
                rep.help("remove the chain and its jumps, or fix the rules before " + lines(u.jumps()) + " that stop its packets")
                        .report();
            }
        }
    }

    private static String lines(List<NftRule> rules) {
        StringBuilder sb = new StringBuilder(rules.size() == 1 ? "line " : "lines ");
        for (int i = 0; i < rules.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(rules.get(i).span() == null ? 0 : rules.get(i).span().line());
        }
        return sb.toString();
    }

    /** "inet filter input" → "filter"; the family stays in the message. */
    private static String table(String where) {
        String[] p = where.split(" ");
        return p.length > 1 ? p[1] : where;
    }

    private static String chain(String where) {
        String[] p = where.split(" ");
        return p.length > 2 ? p[2] : "";
    }

    private static boolean afterUnconditionalEnd(NftRuleset rs, NftRule rule) {
        for (NftTable t : rs.tables()) {
            for (NftChain c : t.chains()) {
                List<NftRule> rules = c.rules();
                for (int i = 0; i < rules.size(); i++) {
                    if (rules.get(i) == rule) {
                        for (int j = 0; j < i; j++) {
                            if (NftRuleAfterVerdictCheck.endsUnconditionally(rules.get(j)).isPresent()) {
                                return true;
                            }
                        }
                        return false;
                    }
                }
            }
        }
        return false;
    }
}
