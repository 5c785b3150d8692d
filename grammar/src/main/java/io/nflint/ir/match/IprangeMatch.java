package io.nflint.ir.match;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Neg;
import io.nflint.ir.SourceSpan;

/** {@code -m iprange --src-range/--dst-range}; absent options are null. */
public record IprangeMatch(Neg<AddressRange> src, Neg<AddressRange> dst, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "iprange";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitIprangeMatch(this);
    }
}
