package io.nflint.rules.checks.nft;

import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftTable;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.NftRefs;
import io.nflint.rules.support.Spelling;
import java.util.List;
import java.util.Optional;

/** A jump or goto (also a verdict map's) to a chain its table does not have: nft rejects the rule. */
@CheckInfo(id = "NFL602", name = "nft-undefined-chain", severity = Severity.ERROR,
        summary = "An nft jump or goto, or a verdict map entry, to a chain the table does not declare")
public final class NftUndefinedChainCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftTable t : NftRefs.completeTables(context)) {
            List<String> names = t.chains().stream().map(NftChain::name).toList();
            java.util.Set<String> declared = new java.util.HashSet<>(names);
            for (NftRefs.Jump j : NftRefs.jumps(t)) {
                if (declared.contains(j.to())) {
                    continue;
                }
                Optional<String> guess = Spelling.closest(j.to(), names);
                sink.at(j.span(), (j.isGoto() ? "goto " : "jump ") + j.to() + ": " + NftRefs.where(t)
                                + " has no chain '" + j.to() + "'; nft rejects the rule (\"No such file or directory\")")
                        .location(t.name(), j.from(), j.rule() == null ? "" : j.rule().text())
                        .help(guess.map(g -> "did you mean '" + g + "'?")
                                .orElse("declare it: 'chain " + j.to() + " { }' in " + NftRefs.where(t)))
                        .report();
            }
        }
    }
}
