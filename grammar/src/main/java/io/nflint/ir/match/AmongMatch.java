package io.nflint.ir.match;

import io.nflint.ir.Direction;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * ebtables {@code --among-src/--among-dst}: the frame's MAC (and, with {@code =ip}, the IPv4
 * address of an IP or ARP frame) is one of the listed entries.
 */
public record AmongMatch(Direction direction, boolean negated, List<Entry> entries, SourceSpan span) implements Match {

    public record Entry(String mac, String ip) {
    }

    public AmongMatch {
        entries = List.copyOf(entries);
    }

    @Override
    public String module() {
        return "among";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitAmongMatch(this);
    }
}
