package io.nflint.ir.match;

import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * {@code -m owner}: only locally generated packets have an owner. Every option is kept (uid, gid
 * as given, {@code --socket-exists}, …); which process sent a packet is outside the model.
 */
public record OwnerMatch(List<RawOption> options, SourceSpan span) implements Match {
    public OwnerMatch {
        options = List.copyOf(options);
    }

    @Override
    public String module() {
        return "owner";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitOwnerMatch(this);
    }
}
