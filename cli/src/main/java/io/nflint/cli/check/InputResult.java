package io.nflint.cli.check;

import io.nflint.ir.Ruleset;
import io.nflint.rules.Finding;
import java.util.List;

/**
 * What checking one input produced: its findings (sorted, suppressions applied) and how many were
 * hidden, or why checking it failed.
 */
record InputResult(InputSource source, List<Ruleset> rulesets, List<Finding> findings, int suppressed,
                   List<io.nflint.ir.nft.NftRuleset> nftRulesets, String failure) {
    InputResult {
        nftRulesets = List.copyOf(nftRulesets);
        rulesets = List.copyOf(rulesets);
        findings = List.copyOf(findings);
    }

    InputResult(InputSource source, List<Ruleset> rulesets, List<Finding> findings, int suppressed,
                List<io.nflint.ir.nft.NftRuleset> nftRulesets) {
        this(source, rulesets, findings, suppressed, nftRulesets, null);
    }

    /** Checking the input failed (a bug, or out of stack or heap): one sentence, no findings. */
    static InputResult failed(InputSource source, String sentence) {
        return new InputResult(source, List.of(), List.of(), 0, List.of(), sentence);
    }
}
