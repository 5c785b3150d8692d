package io.nflint.host;

import java.util.List;

/**
 * One {@code add} line. {@code parts} is empty when the set's type is not modelled; {@code raw}
 * and {@code options} (timeout, comment, skbinfo …) are kept verbatim either way.
 */
public record IpSetEntry(String raw, List<SetPart> parts, boolean nomatch, List<String> options) {

    public IpSetEntry {
        parts = List.copyOf(parts);
        options = List.copyOf(options);
    }
}
