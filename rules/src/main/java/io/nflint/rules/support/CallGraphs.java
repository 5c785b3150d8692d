package io.nflint.rules.support;

import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.pipeline.CallGraph;
import io.nflint.rules.CheckContext;
import io.nflint.rules.SharedKey;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The analyzer's {@link CallGraph} of each table of one input, built once for all checks that read it
 * (jump cycles, undefined and unused chains, targets in the wrong hook), by table identity: a table
 * record's equals is deep.
 */
public final class CallGraphs {

    private static final SharedKey<CallGraphs> GRAPHS = SharedKey.of("call graphs", CallGraphs::new);

    private final CheckContext context;
    private final Map<Table, CallGraph> byTable = new IdentityHashMap<>();

    private CallGraphs(CheckContext context) {
        this.context = context;
    }

    /** The graph of a table of this input. */
    public static CallGraph of(CheckContext context, Table table) {
        return context.shared(GRAPHS).of(table);
    }

    private synchronized CallGraph of(Table t) {
        return byTable.computeIfAbsent(t, x -> CallGraph.of(familyOf(x), x));
    }

    /** The family of the dump that holds the table: it says which chain names are base chains. */
    private Family familyOf(Table t) {
        for (Ruleset rs : context.rulesets()) {
            for (Table u : rs.tables()) {
                if (u == t) {
                    return rs.family();
                }
            }
        }
        return Family.IPV4;
    }
}
