package io.nflint.ir.target;

import io.nflint.ir.SourceSpan;

/** ACCEPT, DROP, RETURN, and ebtables' CONTINUE. */
public record Verdict(Kind kind, SourceSpan span) implements Target {

    public enum Kind { ACCEPT, DROP, RETURN, CONTINUE }

    @Override
    public String name() {
        return kind.name();
    }

    @Override
    public boolean terminal() {
        return kind != Kind.CONTINUE;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitVerdict(this);
    }
}
