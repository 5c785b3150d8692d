package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/** TRACE (raw table): marks the packet so every later rule it passes is logged. */
public record Trace(SourceSpan span) implements Target {
    @Override
    public String name() {
        return "TRACE";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitTrace(this);
    }
}
