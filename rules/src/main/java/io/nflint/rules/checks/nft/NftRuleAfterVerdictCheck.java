package io.nflint.rules.checks.nft;

import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import java.util.Optional;

/**
 * Rules after a rule that matches every packet and ends the chain (a bare {@code drop},
 * {@code counter accept}, {@code reject}, {@code goto X}, {@code return}): they never run.
 */
@CheckInfo(id = "NFL607", name = "nft-rule-after-verdict", severity = Severity.WARNING,
        summary = "nft rules after an unconditional accept, drop, reject, return or goto in the same chain")
public final class NftRuleAfterVerdictCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftRuleset rs : context.nftRulesets()) {
            for (NftTable t : rs.tables()) {
                for (NftChain c : t.chains()) {
                    for (int i = 0; i + 1 < c.rules().size(); i++) {
                        Optional<String> ends = endsUnconditionally(c.rules().get(i));
                        if (ends.isEmpty()) {
                            continue;
                        }
                        NftRule first = c.rules().get(i + 1);
                        int n = c.rules().size() - i - 1;
                        NftRule stop = c.rules().get(i);
                        sink.at(first.span(), (n == 1 ? "this rule" : "this rule and the " + (n - 1) + " after it")
                                        + " in chain " + c.describe() + " never run: the rule before ends the chain for every"
                                        + " packet (" + ends.get() + ")")
                                .related(stop.span(), ends.get() + " for every packet")
                                .location(t.name(), c.name(), first.text())
                                .help("move these rules above '" + stop.text().strip() + "', or delete them")
                                .report();
                        break;
                    }
                }
            }
        }
    }

    /** The verdict, when every statement before it is one that matches all packets. */
    public static Optional<String> endsUnconditionally(NftRule r) {
        for (NftStmt s : r.statements()) {
            if (s instanceof NftStmt.Action a) {
                if (a.name().equals("counter") || a.name().equals("log")) {
                    continue;
                }
                return Optional.empty(); // limit, quota, queue …: not every packet
            }
            if (s instanceof NftStmt.Verdict v) {
                return v.kind().endsChain() ? Optional.of(v.kind().keyword() + v.chain().map(x -> " " + x).orElse(""))
                        : Optional.empty();
            }
            if (s instanceof NftStmt.Reject) {
                return Optional.of("reject");
            }
            return Optional.empty();
        }
        return Optional.empty();
    }
}
