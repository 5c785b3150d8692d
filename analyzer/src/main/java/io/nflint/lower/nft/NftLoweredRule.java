package io.nflint.lower.nft;

import io.nflint.ir.nft.NftRule;
import java.util.List;

/** An nft rule's statements lowered, in the rule's order (a test that fails ends the rule). */
public record NftLoweredRule(NftRule rule, List<NftOp> ops) {

    public NftLoweredRule {
        ops = List.copyOf(ops);
    }
}
