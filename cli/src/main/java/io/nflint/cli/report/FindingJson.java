package io.nflint.cli.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Witness;

/** JSON pieces shared by the JSON and SARIF reporters. */
final class FindingJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FindingJson() {
    }

    static ObjectNode witness(Witness w) {
        ObjectNode n = NODES.objectNode();
        n.put("packet", w.packet());
        var trace = n.putArray("trace");
        w.trace().forEach(trace::add);
        if (w.outcome() == null) {
            n.putNull("outcome");
        } else {
            n.put("outcome", w.outcome());
        }
        return n;
    }

    /** A valid end column for a span whose end may be missing or before its start. */
    static int endColumn(SourceSpan s) {
        return Math.max(s.endColumn(), s.column() + 1);
    }
}
