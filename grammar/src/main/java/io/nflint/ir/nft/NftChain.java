package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * A chain. nft merges every declaration of the same name into one chain (rules appended, the last
 * base-chain header and policy win); {@code declarations} keeps each declaration's span so that a
 * check can say where the second one is. A {@code bound} chain is the anonymous chain of a rule's
 * {@code jump { … }} or {@code goto { … }}: it has no name in the input ({@code name} is the one nft
 * gives it in the kernel, {@code __chain<N>}), only that rule reaches it, and {@code span} is where
 * the binding stands.
 */
public record NftChain(String name, Optional<NftBaseChain> base, List<NftRule> rules, List<SourceSpan> declarations,
                       SourceSpan span, boolean bound) {

    public NftChain {
        rules = List.copyOf(rules);
        declarations = List.copyOf(declarations);
    }

    public NftChain(String name, Optional<NftBaseChain> base, List<NftRule> rules, List<SourceSpan> declarations,
                    SourceSpan span) {
        this(name, base, rules, declarations, span, false);
    }

    /** How a finding names it: {@code 'input'}, or {@code the chain bound at line 12} for an anonymous one. */
    public String describe() {
        return bound ? "the chain bound at line " + span.line() : "'" + name + "'";
    }

    public boolean isBase() {
        return base.isPresent();
    }
}
