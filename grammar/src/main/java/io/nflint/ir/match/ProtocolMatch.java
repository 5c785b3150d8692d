package io.nflint.ir.match;

import io.nflint.ir.AsWritten;
import io.nflint.ir.SourceSpan;

/** {@code -p}: a protocol number, 0 meaning "all". */
public record ProtocolMatch(boolean negated, int protocol, @AsWritten String name, SourceSpan span) implements Match {

    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;
    public static final int SCTP = 132;

    @Override
    public String module() {
        return "";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitProtocolMatch(this);
    }
}
