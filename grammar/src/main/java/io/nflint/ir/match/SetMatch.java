package io.nflint.ir.match;

import io.nflint.ir.Direction;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * {@code -m set --match-set name src,dst}: membership in an ipset. Without the set's contents the
 * result is unknown and the engines fork. Counter options are kept verbatim.
 */
public record SetMatch(boolean negated, String setName, List<Direction> flags, List<RawOption> unmodelled,
                       SourceSpan span) implements Match {
    public SetMatch {
        flags = List.copyOf(flags);
        unmodelled = List.copyOf(unmodelled);
    }

    @Override
    public String module() {
        return "set";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitSetMatch(this);
    }
}
