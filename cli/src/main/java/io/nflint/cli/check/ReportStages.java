package io.nflint.cli.check;

import io.nflint.cli.html.HookStages;
import io.nflint.host.HostModel;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.walk.WalkInput;
import java.util.List;

/**
 * The hooks' stages a check report draws: those of the first input with an nft ruleset (its base
 * chains among the bundle's xtables tables, ordered as the walker orders them), else the xtables
 * tables alone. The report has one diagram, so a second nft input is not drawn.
 */
final class ReportStages {

    private ReportStages() {
    }

    static HookStages of(List<InputResult> results) {
        for (InputResult r : results) {
            for (NftRuleset n : r.nftRulesets()) {
                if (!n.tables().isEmpty()) {
                    HostModel host = r.source().host() != null ? r.source().host() : HostModel.empty();
                    return HookStages.of(new WalkInput(r.rulesets(), host, n).walker(), !r.rulesets().isEmpty());
                }
            }
        }
        return HookStages.XTABLES;
    }
}
