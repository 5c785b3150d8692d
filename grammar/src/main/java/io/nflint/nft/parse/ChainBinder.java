package io.nflint.nft.parse;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftRule;
import java.util.List;

/**
 * Where the rules of an anonymous chain bound to a rule ({@code jump { … }}, {@code goto { … }})
 * go: the table keeps them as a chain of its own, marked bound, and the rule jumps to it by the name
 * returned (nft names such chains {@code __chain<N>} in the kernel too).
 */
public interface ChainBinder {

    String bind(List<NftRule> rules, SourceSpan span);

    /** The name of a table's {@code index}-th bound chain, in the order the rules binding them were read. */
    static String name(int index) {
        return "__chain" + index;
    }
}
