package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/** CHECKSUM --checksum-fill (mangle): fills in a missing checksum, nothing else. */
public record Checksum(SourceSpan span) implements Target {
    @Override
    public String name() {
        return "CHECKSUM";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitChecksum(this);
    }
}
