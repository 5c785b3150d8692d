package io.nflint.ir.match;

import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.SourceSpan;

/** {@code -m udp} (also udplite's options); absent options are null. */
public record UdpMatch(Neg<PortRange> sport, Neg<PortRange> dport, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "udp";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitUdpMatch(this);
    }
}
