package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * A named set or map. {@code keyType} holds the element datatypes ({@code ipv4_addr},
 * {@code inet_service}; several for a concatenation), resolved from {@code typeof} expressions
 * where the set was declared that way; {@code dataType} is a map's value type ({@code verdict} for
 * a verdict map). Timeouts are in milliseconds.
 */
public record NftSet(String name, boolean map, List<String> keyType, Optional<String> dataType, List<String> flags,
                     Optional<Long> timeoutMs, Optional<Long> size, List<NftElement> elements, Optional<String> comment,
                     SourceSpan span) {

    public NftSet {
        keyType = List.copyOf(keyType);
        flags = List.copyOf(flags);
        elements = List.copyOf(elements);
    }

    public boolean interval() {
        return flags.contains("interval");
    }
}
