package io.nflint.ir.target;

import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/** CT (raw table): {@code --notrack}, helpers, zones; only {@code notrack} changes what nflint models. */
public record Ct(boolean notrack, List<RawOption> options, SourceSpan span) implements Target {
    public Ct {
        options = List.copyOf(options);
    }

    @Override
    public String name() {
        return "CT";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitCt(this);
    }
}
