package io.nflint.ir.match;

import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/** A module nflint does not model, with its options verbatim; both engines treat it as may-match. */
public record UnknownMatch(String module, List<RawOption> options, SourceSpan span) implements Match {
    public UnknownMatch {
        options = List.copyOf(options);
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitUnknownMatch(this);
    }
}
