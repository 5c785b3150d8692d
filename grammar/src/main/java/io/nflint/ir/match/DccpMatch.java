package io.nflint.ir.match;

import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * {@code -m dccp} (xt_dccp; {@code -p dccp} loads it too): ports are modelled, {@code --dccp-types}
 * and {@code --dccp-option} are kept verbatim (may match).
 */
public record DccpMatch(Neg<PortRange> sport, Neg<PortRange> dport, List<RawOption> unmodelled, SourceSpan span)
        implements Match {

    public DccpMatch {
        unmodelled = List.copyOf(unmodelled);
    }

    @Override
    public String module() {
        return "dccp";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitDccpMatch(this);
    }
}
