package io.nflint.parse;

import io.nflint.ir.Chain;
import io.nflint.ir.Counters;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
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

    Chain build(String table, java.util.function.UnaryOperator<String> chainName) {
        List<Rule> numbered = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            io.nflint.ir.target.Target t = r.target();
            if (t instanceof Jump j && chainName.apply(j.chain()) != j.chain()) {
                t = new Jump(chainName.apply(j.chain()), j.span());
            } else if (t instanceof Goto g && chainName.apply(g.chain()) != g.chain()) {
                t = new Goto(chainName.apply(g.chain()), g.span());
            }
            Rule fixed = r.number() == i + 1 && r.chain() == name && r.table().equals(table) && t == r.target() ? r
                    : new Rule(table, name, i + 1, r.matches(), t, r.counters(), r.span(), r.text());
            numbered.add(fixed);
        }
        return new Chain(name, builtin, policy, policySpan, counters, span, redeclarations, numbered);
    }
}
