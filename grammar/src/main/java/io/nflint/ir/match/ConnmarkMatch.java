package io.nflint.ir.match;

import io.nflint.ir.MarkValue;
import io.nflint.ir.SourceSpan;

/** {@code -m connmark --mark value[/mask]}: the connection's mark. */
public record ConnmarkMatch(boolean negated, MarkValue mark, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "connmark";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitConnmarkMatch(this);
    }
}
