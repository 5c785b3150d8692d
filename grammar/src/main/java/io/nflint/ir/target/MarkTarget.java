package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/**
 * MARK: the packet mark becomes {@code (mark & ~mask) ^ value} ({@code --set-xmark}); the other
 * spellings are normalised to that form on parse, as the kernel does.
 */
public record MarkTarget(long value, long mask, String spelled, SourceSpan span) implements Target {

    public long apply(long mark) {
        return ((mark & ~mask) ^ value) & 0xffffffffL;
    }

    @Override
    public String name() {
        return "MARK";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitMarkTarget(this);
    }
}
