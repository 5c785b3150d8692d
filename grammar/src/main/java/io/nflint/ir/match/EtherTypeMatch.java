package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/** ebtables {@code -p}: the Ethernet protocol (IPv4 = 0x0800, ARP = 0x0806, IPv6 = 0x86dd, …). */
public record EtherTypeMatch(boolean negated, int etherType, String spelled, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitEtherTypeMatch(this);
    }
}
