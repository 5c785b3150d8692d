package io.nflint.ir.match;

import io.nflint.ir.IpNet;
import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * ebtables' {@code --ip-*} / {@code --ip6-*} options on an IPv4 or IPv6 frame; absent options are
 * null, the rest ({@code --ip-tos}, ICMP types, …) kept verbatim.
 */
public record BridgeIpMatch(boolean v6, Neg<IpNet> src, Neg<IpNet> dst, Neg<Integer> proto,
                            Neg<PortRange> sport, Neg<PortRange> dport, List<RawOption> unmodelled,
                            SourceSpan span) implements Match {
    public BridgeIpMatch {
        unmodelled = List.copyOf(unmodelled);
    }

    @Override
    public String module() {
        return v6 ? "ip6" : "ip";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitBridgeIpMatch(this);
    }
}
