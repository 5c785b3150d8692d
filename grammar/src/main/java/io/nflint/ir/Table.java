package io.nflint.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table (filter, nat, mangle, raw, security; broute for ebtables). {@code commitSpan} is null when
 * the table has no COMMIT, which {@code iptables-restore} rejects; {@code missingCommitAt} is then
 * where restore notices (the next table header, or the end of the file). Listings and ebtables dumps
 * need no COMMIT: both fields are null there. {@code byName} indexes the chains: kube-proxy tables
 * hold tens of thousands of them, and every engine looks chains up by name.
 */
public record Table(String name, SourceSpan span, SourceSpan commitSpan, SourceSpan missingCommitAt, List<Chain> chains,
                    Map<String, Chain> byName) {

    public Table {
        chains = List.copyOf(chains);
        Map<String, Chain> index = new HashMap<>(chains.size() * 2);
        for (Chain c : chains) {
            index.putIfAbsent(c.name(), c);
        }
        byName = Map.copyOf(index);
    }

    public Table(String name, SourceSpan span, SourceSpan commitSpan, SourceSpan missingCommitAt, List<Chain> chains) {
        this(name, span, commitSpan, missingCommitAt, chains, Map.of());
    }

    public Optional<Chain> chain(String chainName) {
        return Optional.ofNullable(byName.get(chainName));
    }

    public int ruleCount() {
        int n = 0;
        for (Chain c : chains) {
            n += c.rules().size();
        }
        return n;
    }
}
