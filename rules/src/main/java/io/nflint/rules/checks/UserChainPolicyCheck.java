package io.nflint.rules.checks;

import io.nflint.ir.Chain;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.TableScope;

/**
 * {@code :MYCHAIN DROP [0:0]}: only built-in chains have a policy. iptables-legacy-restore
 * rejects the line ("Can't set policy ... Bad built-in chain name"); iptables-nft-restore drops the
 * policy silently, so whoever wrote it expects a DROP that never happens. ebtables user chains
 * legitimately have policies (ACCEPT, DROP, RETURN), so only IP families are checked.
 */
@CheckInfo(id = "NFL006", name = "user-chain-policy", severity = Severity.ERROR,
        summary = "A user-defined chain declared with a policy, which only built-in chains have")
public final class UserChainPolicyCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            if (!rs.family().isIp()) {
                continue;
            }
            for (Table t : rs.tables()) {
                if (!TableScope.isKnown(rs, t)) {
                    continue;
                }
                for (Chain c : t.chains()) {
                    if (c.builtin() || c.policy() == null) {
                        continue;
                    }
                    sink.at(c.policySpan() != null ? c.policySpan() : c.span(),
                                    "user chain '" + c.name() + "' has policy " + c.policy()
                                            + ": only built-in chains have a policy; iptables-legacy-restore rejects it"
                                            + " (\"Bad built-in chain name\") and iptables-nft-restore ignores it")
                            .location(t.name(), c.name(), "")
                            .help("declare it as ':" + c.name() + " - [0:0]' and end the chain with '-A " + c.name()
                                    + " -j " + c.policy() + "' if that is what you meant")
                            .report();
                }
            }
        }
    }
}
