package io.nflint.ir.target;

import io.nflint.ir.PortRange;
import io.nflint.ir.SourceSpan;

/** REDIRECT: DNAT to the incoming interface's primary address (127.0.0.1 for local traffic). */
public record Redirect(PortRange toPorts, boolean random, SourceSpan span) implements Target {
    @Override
    public String name() {
        return "REDIRECT";
    }

    @Override
    public boolean terminal() {
        return true;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitRedirect(this);
    }
}
