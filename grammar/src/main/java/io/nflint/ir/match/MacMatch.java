package io.nflint.ir.match;

import io.nflint.ir.Direction;
import io.nflint.ir.SourceSpan;

/**
 * A MAC address match: {@code -m mac --mac-source} in iptables, {@code -s}/{@code -d} in ebtables
 * (with an optional mask, all ones when absent). Addresses are lower-case, colon-separated.
 */
public record MacMatch(Direction direction, boolean negated, String mac, String mask, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "mac";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitMacMatch(this);
    }
}
