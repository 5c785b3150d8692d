package io.nflint.ir.match;

import io.nflint.ir.PortRange;
import io.nflint.ir.SourceSpan;
import java.util.List;

/** {@code -m multiport --sports|--dports|--ports}: any of up to 15 ports or ranges. */
public record MultiportMatch(Which which, boolean negated, List<PortRange> ports, SourceSpan span) implements Match {

    public enum Which { SOURCE, DESTINATION, EITHER }

    public MultiportMatch {
        ports = List.copyOf(ports);
    }

    public boolean anyContains(int port) {
        for (PortRange r : ports) {
            if (r.contains(port)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String module() {
        return "multiport";
    }

    @Override
    public <R> R accept(Match.Visitor<R> v) {
        return v.visitMultiportMatch(this);
    }
}
