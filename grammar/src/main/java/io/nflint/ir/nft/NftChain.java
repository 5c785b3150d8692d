package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * A chain. nft merges every declaration of the same name into one chain (rules appended, the last
 * base-chain header and policy win); {@code declarations} keeps each declaration's span so that a
 * check can say where the second one is.
 */
public record NftChain(String name, Optional<NftBaseChain> base, List<NftRule> rules, List<SourceSpan> declarations,
                       SourceSpan span) {

    public NftChain {
        rules = List.copyOf(rules);
        declarations = List.copyOf(declarations);
    }

    public boolean isBase() {
        return base.isPresent();
    }
}
