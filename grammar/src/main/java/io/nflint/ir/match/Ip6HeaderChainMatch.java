package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/**
 * {@code -m ipv6header --header LIST [--soft]}: ip6t_ipv6header walks the packet's extension header
 * chain into a bit set (the kernel's MASK_* values, {@link io.nflint.ir.Ip6ExtHeaders}); without
 * {@code --soft} the set must equal {@code headers}, with it every listed header must be present
 * (or, negated, absent).
 */
public record Ip6HeaderChainMatch(int headers, boolean negated, boolean soft, SourceSpan span) implements Match {

    @Override
    public String module() {
        return "ipv6header";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitIp6HeaderChainMatch(this);
    }
}
