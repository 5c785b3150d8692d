package io.nflint.ir.match;

import io.nflint.ir.MarkValue;
import io.nflint.ir.SourceSpan;

/** {@code -m mark --mark value[/mask]} (ebtables: {@code --mark}). */
public record MarkMatch(boolean negated, MarkValue mark, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "mark";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitMarkMatch(this);
    }
}
