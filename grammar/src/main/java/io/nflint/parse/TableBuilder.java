package io.nflint.parse;

import io.nflint.ir.BuiltinChains;
import io.nflint.ir.Chain;
import io.nflint.ir.Family;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table while its section is being read. */
final class TableBuilder {
    final String name;
    final Family family;
    final SourceSpan span;
    SourceSpan commitSpan;
    SourceSpan missingCommitAt;
    final Map<String, ChainBuilder> chains = new LinkedHashMap<>();

    TableBuilder(String name, Family family, SourceSpan span) {
        this.name = name;
        this.family = family;
        this.span = span;
    }

    /** The chain, created on first use (built-in chains exist in every table without declaration). */
    ChainBuilder chain(String chainName) {
        return chains.computeIfAbsent(chainName, n -> new ChainBuilder(n, BuiltinChains.isBuiltin(family, name, n)));
    }

    /**
     * The declared chain's own name string for a jump target of that name: then every name-keyed
     * lookup over a 100k-rule table compares strings by identity instead of by content.
     */
    private String chainName(String target) {
        ChainBuilder c = chains.get(target);
        return c == null ? target : c.name;
    }

    Table build() {
        List<Chain> out = new ArrayList<>(chains.size());
        for (ChainBuilder c : chains.values()) {
            out.add(c.build(name, this::chainName));
        }
        return new Table(name, span, commitSpan, missingCommitAt, out);
    }
}
