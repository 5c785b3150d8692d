package io.nflint.ir;

import java.util.List;
import java.util.Optional;

/**
 * A table (filter, nat, mangle, raw, security; broute for ebtables). {@code commitSpan} is null when
 * the table has no COMMIT, which {@code iptables-restore} rejects; {@code missingCommitAt} is then
 * where restore notices (the next table header, or the end of the file). Listings and ebtables dumps
 * need no COMMIT: both fields are null there.
 */
public record Table(String name, SourceSpan span, SourceSpan commitSpan, SourceSpan missingCommitAt, List<Chain> chains) {

    public Table {
        chains = List.copyOf(chains);
    }

    public Optional<Chain> chain(String chainName) {
        for (Chain c : chains) {
            if (c.name().equals(chainName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public int ruleCount() {
        int n = 0;
        for (Chain c : chains) {
            n += c.rules().size();
        }
        return n;
    }
}
