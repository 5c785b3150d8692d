package io.nflint.rules.checks;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import java.util.List;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.LaterRules;
import io.nflint.rules.support.StructuralOverlap;
import io.nflint.rules.support.SymbolicRuleLogic;
import io.nflint.symbolic.RuleLogicReport;

/**
 * A reachable ACCEPT/DROP/REJECT rule whose removal changes no packet's verdict, marks or NAT: later
 * rules already decide every packet it matches the same way. Not when deleting it would let its
 * packets reach a later LOG, NFLOG, NFQUEUE, MARK, SET, counting or recent rule they never meet today
 * (a quiet DROP before a LOG-and-DROP decides what is logged). The finding names the later rules
 * that take its packets over.
 */
@CheckInfo(id = "NFL102", name = "redundant-rule", severity = Severity.INFO, engines = {Engine.SYMBOLIC},
        summary = "Removing the rule changes no packet's fate")
public final class RedundantRuleCheck implements Check {

    /** Later rules shown as related lines. */
    private static final int SHOWN = 3;

    private static String lines(List<Rule> rules) {
        StringBuilder sb = new StringBuilder(rules.size() == 1 ? "line " : "lines ");
        for (int i = 0; i < Math.min(SHOWN, rules.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(rules.get(i).span().line());
        }
        return sb.append(rules.size() > SHOWN ? ", …" : "").toString();
    }

    private static String verb(Rule r) {
        return r.target() instanceof io.nflint.ir.target.Reject ? "rejects"
                : r.target() instanceof io.nflint.ir.target.Verdict v && v.kind() == io.nflint.ir.target.Verdict.Kind.ACCEPT
                ? "accepts" : "drops";
    }

    @Override
    public void run(CheckContext context, FindingSink sink) {
        io.nflint.rules.support.NftRuleLogicFindings.redundant(context, sink);
        for (Ruleset rs : context.rulesets()) {
            if (!rs.family().isIp()) {
                continue;
            }
            StructuralOverlap overlap = new StructuralOverlap(context);
            for (RuleLogicReport.Redundant r : SymbolicRuleLogic.of(context, rs).redundant()) {
                if (overlap.skip(r.rule()) || StructuralOverlap.hasLaterDuplicate(r.rule(), context)) {
                    continue;
                }
                Table table = rs.table(r.rule().table()).orElse(null);
                if (table == null) {
                    continue;
                }
                LaterRules later = new LaterRules(table, r.rule());
                if (!later.sideEffects().isEmpty()) {
                    // deleting it would log, queue, mark or count packets that are not today
                    continue;
                }
                List<Rule> deciders = later.sameVerdict();
                String by = deciders.isEmpty() ? r.fallThrough()
                        : "the rules after it give every packet it matches the same result (" + lines(deciders) + ")";
                FindingSink.Report report = sink.at(r.rule().span(), "rule is redundant: removing it changes no packet's fate"
                        + " and no log, mark or counter; " + by).rule(r.rule());
                for (Rule d : deciders.subList(0, Math.min(SHOWN, deciders.size()))) {
                    report.related(d.span(), "also " + verb(d) + " its packets");
                }
                report.help("delete the rule, or keep it with a comment if it documents intent").report();
            }
        }
    }
}
