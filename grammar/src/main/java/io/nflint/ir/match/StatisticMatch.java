package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/**
 * {@code -m statistic}: random ({@code --probability}) or every nth packet. Nondeterministic for a
 * single packet, so both engines consider both outcomes.
 */
public record StatisticMatch(Mode mode, boolean negated, double probability, int every, int packet, SourceSpan span)
        implements Match {

    public enum Mode { RANDOM, NTH }

    @Override
    public String module() {
        return "statistic";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitStatisticMatch(this);
    }
}
