package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/** {@code -g CHAIN}: enter a user chain; its RETURN goes back past this rule's chain. */
public record Goto(String chain, SourceSpan span) implements Target {
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
        return v.visitGoto(this);
    }
}
