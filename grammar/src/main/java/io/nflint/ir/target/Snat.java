package io.nflint.ir.target;

import io.nflint.ir.NatRange;
import io.nflint.ir.SourceSpan;
import java.util.List;

/** SNAT (nat POSTROUTING/INPUT): rewrites the source of a connection's first packet. */
public record Snat(List<NatRange> to, boolean random, boolean persistent, SourceSpan span) implements Target {
    public Snat {
        to = List.copyOf(to);
    }

    @Override
    public String name() {
        return "SNAT";
    }

    @Override
    public boolean terminal() {
        return true;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitSnat(this);
    }
}
