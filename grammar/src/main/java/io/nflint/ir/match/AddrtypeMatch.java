package io.nflint.ir.match;

import io.nflint.ir.AddrType;
import io.nflint.ir.Neg;
import io.nflint.ir.SourceSpan;
import java.util.Set;

/** {@code -m addrtype}; {@code --limit-iface-in/out} restrict the lookup to the packet's interface. */
public record AddrtypeMatch(Neg<Set<AddrType>> src, Neg<Set<AddrType>> dst, boolean limitIfaceIn,
                            boolean limitIfaceOut, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "addrtype";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitAddrtypeMatch(this);
    }
}
