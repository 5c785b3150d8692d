package io.nflint.ir.match;

import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * {@code -m recent}: depends on earlier packets, so it may match. {@code mode} is set, rcheck,
 * update or remove; every option is kept.
 */
public record RecentMatch(boolean negated, String mode, String listName, List<RawOption> options, SourceSpan span)
        implements Match {
    public RecentMatch {
        options = List.copyOf(options);
    }

    @Override
    public String module() {
        return "recent";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitRecentMatch(this);
    }
}
