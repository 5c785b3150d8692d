package io.nflint.symbolic.logic;

import io.nflint.host.HostModel;
import io.nflint.host.infer.TopologyInference;
import io.nflint.ir.Ruleset;
import io.nflint.lower.LoweredRuleset;

/**
 * What the rule logic of one rule set derives once and its worker copies share: the rules lowered
 * (each when first read), and the host the concrete probes walk on when no host is given (inferred
 * from the rules).
 */
final class RuleSetShare {

    final LoweredRuleset lowered;
    private final Ruleset rs;
    private HostModel topology;

    RuleSetShare(Ruleset rs) {
        this.rs = rs;
        this.lowered = LoweredRuleset.lazy();
    }

    synchronized HostModel inferredTopology() {
        if (topology == null) {
            topology = TopologyInference.infer(rs, HostModel.empty(), lowered);
        }
        return topology;
    }
}
