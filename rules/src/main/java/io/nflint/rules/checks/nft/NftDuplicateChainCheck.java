package io.nflint.rules.checks.nft;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftTable;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.NftRefs;

/**
 * The same chain declared twice in one input. nft accepts it: the rules of the second declaration
 * are appended to the first, and a second base-chain header's policy replaces the first one's.
 */
@CheckInfo(id = "NFL608", name = "nft-duplicate-chain", severity = Severity.WARNING,
        summary = "An nft chain declared twice: nft merges the rules and the later policy wins")
public final class NftDuplicateChainCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftRuleset rs : context.nftRulesets()) {
            for (NftTable t : rs.tables()) {
                for (NftChain c : t.chains()) {
                    if (c.declarations().size() < 2) {
                        continue;
                    }
                    SourceSpan first = c.declarations().get(0);
                    for (SourceSpan again : c.declarations().subList(1, c.declarations().size())) {
                        sink.at(again, "chain '" + c.name() + "' of " + NftRefs.where(t) + " is declared again (first at line "
                                        + first.line() + "): nft appends these rules to it"
                                        + (c.isBase() ? " and the last policy (" + c.base().get().effectivePolicy()
                                        + ") wins" : ""))
                                .related(first, "first declaration")
                                .location(t.name(), c.name(), "")
                                .help("merge the two blocks into one, or rename one of the chains")
                                .report();
                    }
                }
            }
        }
    }
}
