package io.nflint.ir.match;

import io.nflint.ir.CtState;
import io.nflint.ir.SourceSpan;
import java.util.Set;

/** {@code -m state --state}: the old spelling of {@code -m conntrack --ctstate}. */
public record StateMatch(boolean negated, Set<CtState> states, SourceSpan span) implements Match {
    public StateMatch {
        states = Set.copyOf(states);
    }

    @Override
    public String module() {
        return "state";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitStateMatch(this);
    }
}
