package io.nflint.rules.checks;

import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.StructuralOverlap;
import io.nflint.rules.support.SymbolicRuleLogic;
import io.nflint.symbolic.RuleLogicReport;

/**
 * A user chain that rules jump to, where no packet takes any of those jumps: every rule in it is
 * dead. Reported once, on the chain, instead of once per rule.
 */
@CheckInfo(id = "NFL103", name = "unreachable-chain", severity = Severity.WARNING, engines = {Engine.SYMBOLIC},
        summary = "No packet reaches any of the jumps to the chain")
public final class UnreachableChainCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        io.nflint.rules.support.NftRuleLogicFindings.unreachableChains(context, sink);
        for (Ruleset rs : context.rulesets()) {
            if (!rs.family().isIp()) {
                continue;
            }
            for (RuleLogicReport.UnreachableChain u : SymbolicRuleLogic.of(context, rs).unreachableChains()) {
                if (StructuralOverlap.generatedChain(u.chain())) {
                    continue;
                }
                Chain chain = rs.table(u.table()).flatMap(t -> t.chain(u.chain())).orElse(null);
                Rule first = u.jumps().get(0);
                SourceSpan at = chain != null && chain.span() != null ? chain.span() : first.span();
                int rules = chain == null ? 0 : chain.rules().size();
                FindingSink.Report rep = sink.at(at, "chain " + u.chain() + " (" + rules + (rules == 1 ? " rule" : " rules")
                        + ") is unreachable: no packet reaches any of the " + u.jumps().size()
                        + (u.jumps().size() == 1 ? " rule that jumps" : " rules that jump") + " to it")
                        .location(u.table(), u.chain(), "");
                for (Rule j : u.jumps()) {
                    rep = rep.related(j.span(), "this jump is never taken");
                }
                rep.help("remove the chain and its jumps, or fix the rules before " + ShadowedRuleCheck.lines(u.jumps())
                        + " that stop its packets").report();
            }
        }
    }
}
