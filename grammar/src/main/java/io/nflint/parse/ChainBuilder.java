package io.nflint.parse;

import io.nflint.ir.Chain;
import io.nflint.ir.Counters;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import java.util.ArrayList;
import java.util.List;

/** A chain while restore commands still change it. */
final class ChainBuilder {
    String name;
    final boolean builtin;
    String policy;
    SourceSpan policySpan;
    Counters counters = Counters.NONE;
    SourceSpan span;
    final List<SourceSpan> redeclarations = new ArrayList<>();
    final List<Rule> rules = new ArrayList<>();

    ChainBuilder(String name, boolean builtin) {
        this.name = name;
        this.builtin = builtin;
    }

    Chain build(String table) {
        List<Rule> numbered = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            Rule fixed = r.number() == i + 1 && r.chain().equals(name) && r.table().equals(table) ? r
                    : new Rule(table, name, i + 1, r.matches(), r.target(), r.counters(), r.span(), r.text());
            numbered.add(fixed);
        }
        return new Chain(name, builtin, policy, policySpan, counters, span, redeclarations, numbered);
    }
}
