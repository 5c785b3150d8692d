package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/**
 * {@code -m hl} ({@code --hl-eq/--hl-lt/--hl-gt}, IPv6 hop limit) and {@code -m ttl}
 * ({@code --ttl-eq/--ttl-lt/--ttl-gt}, IPv4 time to live): xt_hl compares the header's one byte with
 * {@code value}; {@code ! --hl-eq} is the only negation the extensions accept, and is {@link Op#NE}.
 */
public record HopLimitMatch(boolean v6, Op op, int value, SourceSpan span) implements Match {

    /** The kernel's HL_EQ, HL_NE, HL_LT, HL_GT (and IPT_TTL_*). */
    public enum Op { EQ, NE, LT, GT }

    @Override
    public String module() {
        return v6 ? "hl" : "ttl";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitHopLimitMatch(this);
    }
}
