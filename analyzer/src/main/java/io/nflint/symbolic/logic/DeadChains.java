package io.nflint.symbolic.logic;

import io.nflint.symbolic.RuleLogicReport;
import io.nflint.pipeline.CallGraph;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Table;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chains no packet enters: every jump to them is an unreachable rule or sits in another such chain.
 * Rule logic reports each once, at the jumps from live chains, instead of every rule inside it.
 */
final class DeadChains {

    private DeadChains() {
    }

    /** The table's dead chains in file order; adds one finding per dead chain that live chains jump to. */
    static Set<String> find(Table t, CallGraph graph, Set<Rule> unreachableRules,
                            List<RuleLogicReport.UnreachableChain> chains) {
        Set<String> dead = new LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Chain c : t.chains()) {
                List<Rule> jumps = graph.callers(c.name());
                if (c.builtin() || jumps.isEmpty() || dead.contains(c.name()) || graph.hooks(c.name()).isEmpty()) {
                    continue;
                }
                boolean allDead = true;
                for (Rule j : jumps) {
                    if (!unreachableRules.contains(j) && !dead.contains(j.chain())) {
                        allDead = false;
                        break;
                    }
                }
                if (allDead) {
                    dead.add(c.name());
                    grew = true;
                }
            }
        }
        for (String d : dead) {
            List<Rule> jumps = graph.callers(d).stream().filter(j -> !dead.contains(j.chain())).toList();
            if (!jumps.isEmpty()) {
                chains.add(new RuleLogicReport.UnreachableChain(t.name(), d, jumps));
            }
        }
        return dead;
    }
}
