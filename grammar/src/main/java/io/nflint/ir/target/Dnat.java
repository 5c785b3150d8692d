package io.nflint.ir.target;

import io.nflint.ir.NatRange;
import io.nflint.ir.SourceSpan;
import java.util.List;

/** DNAT (nat PREROUTING/OUTPUT): rewrites the destination of a connection's first packet. */
public record Dnat(List<NatRange> to, boolean random, boolean persistent, SourceSpan span) implements Target {
    public Dnat {
        to = List.copyOf(to);
    }

    @Override
    public String name() {
        return "DNAT";
    }

    @Override
    public boolean terminal() {
        return true;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitDnat(this);
    }
}
