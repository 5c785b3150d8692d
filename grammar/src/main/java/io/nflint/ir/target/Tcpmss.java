package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/** TCPMSS: clamps the MSS of SYNs ({@code --clamp-mss-to-pmtu} when {@code mss} is -1). */
public record Tcpmss(int mss, SourceSpan span) implements Target {
    @Override
    public String name() {
        return "TCPMSS";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitTcpmss(this);
    }
}
