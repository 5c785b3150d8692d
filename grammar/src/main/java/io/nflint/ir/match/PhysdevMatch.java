package io.nflint.ir.match;

import io.nflint.ir.Neg;
import io.nflint.ir.SourceSpan;

/**
 * {@code -m physdev}: the bridge port a bridged packet came in or goes out on. The flag options
 * are {@code Neg<Boolean>} with value true; absent options are null.
 */
public record PhysdevMatch(Neg<String> in, Neg<String> out, Neg<Boolean> isIn, Neg<Boolean> isOut,
                           Neg<Boolean> isBridged, SourceSpan span) implements Match {
    @Override
    public String module() {
        return "physdev";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitPhysdevMatch(this);
    }
}
