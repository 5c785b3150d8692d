package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/**
 * {@code -m icmp --icmp-type} / {@code -m icmp6 --icmpv6-type}: type -1 means "any", the code
 * range is 0..255 when only a type is given.
 */
public record IcmpMatch(boolean v6, boolean negated, int type, int codeLo, int codeHi, String spelled, SourceSpan span)
        implements Match {

    public boolean matches(int t, int code) {
        return type < 0 || (t == type && code >= codeLo && code <= codeHi);
    }

    @Override
    public String module() {
        return v6 ? "icmp6" : "icmp";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitIcmpMatch(this);
    }
}
