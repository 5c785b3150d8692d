package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/**
 * CONNMARK: SET changes the connection mark like MARK does ({@code (ctmark & ~mask) ^ value});
 * SAVE copies the packet mark to the connection and RESTORE back, under their masks.
 */
public record ConnmarkTarget(Mode mode, long value, long mask, long nfmask, long ctmask, SourceSpan span)
        implements Target {

    public enum Mode { SET, SAVE, RESTORE }

    @Override
    public String name() {
        return "CONNMARK";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitConnmarkTarget(this);
    }
}
