package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/** {@code -j CHAIN}: enter a user chain; its RETURN comes back here. */
public record Jump(String chain, SourceSpan span) implements Target {
    @Override
    public String name() {
        return chain;
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitJump(this);
    }
}
