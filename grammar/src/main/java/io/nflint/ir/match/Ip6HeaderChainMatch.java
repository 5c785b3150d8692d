package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/**
 * {@code -m ipv6header --header LIST [--soft]}: ip6t_ipv6header walks the packet's extension header
 * chain into a bit set (the kernel's MASK_* values, {@link #HOPOPTS} … {@link #PROTO}); without
 * {@code --soft} the set must equal {@code headers}, with it every listed header must be present
 * (or, negated, absent).
 */
public record Ip6HeaderChainMatch(int headers, boolean negated, boolean soft, SourceSpan span) implements Match {

    public static final int HOPOPTS = 128;
    public static final int DSTOPTS = 64;
    public static final int ROUTING = 32;
    public static final int FRAGMENT = 16;
    public static final int AH = 8;
    public static final int ESP = 4;
    public static final int NONE = 2;
    /** An upper-layer header ends the chain (anything but ESP and "no next header"). */
    public static final int PROTO = 1;

    @Override
    public String module() {
        return "ipv6header";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitIp6HeaderChainMatch(this);
    }
}
