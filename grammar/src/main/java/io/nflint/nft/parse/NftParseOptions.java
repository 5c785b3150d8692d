package io.nflint.nft.parse;

import java.nio.file.Path;
import java.util.List;

/** How to read an nft file: the {@code -I} include directories, in order. */
public record NftParseOptions(List<Path> includePath) {

    public NftParseOptions {
        includePath = List.copyOf(includePath);
    }

    public static NftParseOptions defaults() {
        return new NftParseOptions(List.of());
    }
}
