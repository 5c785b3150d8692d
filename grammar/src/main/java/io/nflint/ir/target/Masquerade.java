package io.nflint.ir.target;

import io.nflint.ir.PortRange;
import io.nflint.ir.SourceSpan;

/** MASQUERADE: SNAT to the out interface's address; {@code toPorts} null keeps the source port. */
public record Masquerade(PortRange toPorts, boolean random, SourceSpan span) implements Target {
    @Override
    public String name() {
        return "MASQUERADE";
    }

    @Override
    public boolean terminal() {
        return true;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitMasquerade(this);
    }
}
