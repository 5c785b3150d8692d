package io.nflint.ir.target;

import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/** NFLOG: hands the packet to a netlink logger and continues. */
public record Nflog(int group, String prefix, List<RawOption> options, SourceSpan span) implements Target {
    public Nflog {
        options = List.copyOf(options);
    }

    @Override
    public String name() {
        return "NFLOG";
    }

    @Override
    public boolean terminal() {
        return false;
    }

    @Override
    public <R> R accept(Target.Visitor<R> v) {
        return v.visitNflog(this);
    }
}
