package io.nflint.ir.match;

import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/** {@code -m sctp}: ports are modelled, {@code --chunk-types} is kept verbatim (may match). */
public record SctpMatch(Neg<PortRange> sport, Neg<PortRange> dport, List<RawOption> unmodelled, SourceSpan span)
        implements Match {
    public SctpMatch {
        unmodelled = List.copyOf(unmodelled);
    }

    @Override
    public String module() {
        return "sctp";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitSctpMatch(this);
    }
}
