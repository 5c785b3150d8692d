package io.nflint.cli.check;

import io.nflint.ir.Ruleset;
import io.nflint.rules.Finding;
import java.util.List;

/** What checking one input produced: its findings (sorted, suppressions applied) and how many were hidden. */
record InputResult(InputSource source, List<Ruleset> rulesets, List<Finding> findings, int suppressed,
                   List<io.nflint.ir.nft.NftRuleset> nftRulesets) {
    InputResult {
        nftRulesets = List.copyOf(nftRulesets);
        rulesets = List.copyOf(rulesets);
        findings = List.copyOf(findings);
    }
}
