package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/** NOTRACK (raw table): the packet is UNTRACKED, so nat never sees it. */
public record Notrack(SourceSpan span) implements Target {
    @Override
    public String name() {
        return "NOTRACK";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitNotrack(this);
    }
}
