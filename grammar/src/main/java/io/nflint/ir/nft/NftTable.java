package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.List;
import java.util.Optional;

/** A table of one family; {@code span} is its first declaration. */
public record NftTable(NftFamily family, String name, List<String> flags, List<NftChain> chains, List<NftSet> sets,
                       List<NftFlowtable> flowtables, List<NftObject> objects, SourceSpan span) {

    public NftTable {
        flags = List.copyOf(flags);
        chains = List.copyOf(chains);
        sets = List.copyOf(sets);
        flowtables = List.copyOf(flowtables);
        objects = List.copyOf(objects);
    }

    public Optional<NftChain> chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<NftSet> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
