package io.nflint.ir.match;

import io.nflint.ir.Direction;
import io.nflint.ir.IpNet;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * {@code -s}/{@code -d}. Restore files may list several addresses ({@code -s a,b}); iptables expands
 * them into one rule each, so the list is a disjunction.
 */
public record AddressMatch(Direction direction, boolean negated, List<IpNet> nets, SourceSpan span) implements Match {
    public AddressMatch {
        nets = List.copyOf(nets);
    }

    @Override
    public String module() {
        return "";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitAddressMatch(this);
    }
}
