package io.nflint.ir.target;

import io.nflint.ir.IpNet;
import io.nflint.ir.SourceSpan;

/** NETMAP: maps a whole prefix onto another, keeping the host part. */
public record Netmap(IpNet to, SourceSpan span) implements Target {
    @Override
    public String name() {
        return "NETMAP";
    }

    @Override
    public boolean terminal() {
        return true;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitNetmap(this);
    }
}
