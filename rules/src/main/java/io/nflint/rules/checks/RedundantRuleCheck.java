package io.nflint.rules.checks;

import io.nflint.ir.Ruleset;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.symbolic.RuleLogicReport;

/**
 * A reachable ACCEPT/DROP/REJECT rule whose removal changes no packet's verdict, marks or NAT: later
 * rules already decide every packet it matches the same way.
 */
@CheckInfo(id = "NFL102", name = "redundant-rule", severity = Severity.INFO, engines = {Engine.SYMBOLIC},
        summary = "Removing the rule changes no packet's fate")
public final class RedundantRuleCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            if (!rs.family().isIp()) {
                continue;
            }
            StructuralOverlap overlap = new StructuralOverlap(context);
            for (RuleLogicReport.Redundant r : SymbolicRuleLogic.of(context, rs).redundant()) {
                if (overlap.skip(r.rule()) || StructuralOverlap.hasLaterDuplicate(r.rule(), context)) {
                    continue;
                }
                sink.at(r.rule().span(), "rule is redundant: removing it changes no packet's fate; " + r.fallThrough())
                        .rule(r.rule())
                        .help("delete the rule, or keep it with a comment if it documents intent")
                        .report();
            }
        }
    }
}
