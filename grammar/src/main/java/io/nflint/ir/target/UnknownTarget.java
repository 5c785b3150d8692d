package io.nflint.ir.target;

import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * A target nflint does not model, with its options verbatim. Whether it ends the traversal is
 * not known; {@code terminalGuess} follows the kernel for well-known names (NFQUEUE, TPROXY, …).
 */
public record UnknownTarget(String name, List<RawOption> options, boolean terminalGuess, SourceSpan span)
        implements Target {
    public UnknownTarget {
        options = List.copyOf(options);
    }

    @Override
    public boolean terminal() {
        return terminalGuess;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitUnknownTarget(this);
    }
}
