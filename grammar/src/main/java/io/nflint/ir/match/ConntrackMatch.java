package io.nflint.ir.match;

import io.nflint.ir.CtState;
import io.nflint.ir.IpNet;
import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;
import java.util.Set;

/**
 * {@code -m conntrack}; absent options are null. {@code --ctstatus}, {@code --ctexpire} and
 * {@code --ctdir} are kept in {@code unmodelled} when present; the lowering reads {@code --ctdir}
 * (ORIGINAL or REPLY, checked by the parser), the others are "may".
 */
public record ConntrackMatch(Neg<Set<CtState>> state, Neg<Integer> proto,
                             Neg<IpNet> origSrc, Neg<IpNet> origDst, Neg<IpNet> replSrc, Neg<IpNet> replDst,
                             Neg<PortRange> origSrcPort, Neg<PortRange> origDstPort,
                             Neg<PortRange> replSrcPort, Neg<PortRange> replDstPort,
                             List<RawOption> unmodelled, SourceSpan span) implements Match {
    public ConntrackMatch {
        unmodelled = List.copyOf(unmodelled);
    }

    @Override
    public String module() {
        return "conntrack";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitConntrackMatch(this);
    }
}
