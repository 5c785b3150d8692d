package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/** A rule without {@code -j}: it only counts packets. The span is the rule's. */
public record NoTarget(SourceSpan span) implements Target {
    @Override
    public String name() {
        return "";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitNoTarget(this);
    }
}
