package io.nflint.ir.match;

import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.SourceSpan;

/** {@code -m tcp}; absent options are null. {@code --syn} is stored as its flags form. */
public record TcpMatch(Neg<PortRange> sport, Neg<PortRange> dport, Neg<TcpFlags> flags, Neg<Integer> option,
                       SourceSpan span) implements Match {

    /** {@code --tcp-flags mask comp}: the flags in {@code mask} must equal those in {@code comp}. */
    public record TcpFlags(int mask, int comp) {
        public static final int FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16, URG = 32, ECE = 64, CWR = 128;
        public static final TcpFlags SYN_ONLY = new TcpFlags(FIN | SYN | RST | ACK, SYN);

        public boolean matches(int flags) {
            return (flags & mask) == comp;
        }
    }

    @Override
    public String module() {
        return "tcp";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitTcpMatch(this);
    }
}
