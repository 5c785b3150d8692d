package io.nflint.ir.target;

import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/** LOG (and ebtables' {@code --log}): logs and continues. */
public record Log(String prefix, String level, List<RawOption> options, SourceSpan span) implements Target {
    public Log {
        options = List.copyOf(options);
    }

    @Override
    public String name() {
        return "LOG";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitLog(this);
    }
}
