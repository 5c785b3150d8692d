package io.nflint.symbolic;

import io.nflint.host.HostModel;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;

/**
 * What a diff knows besides the two IP rule sets: each side's host model (local addresses, routes,
 * bridges, br_netfilter) and each side's ebtables rules for the bridged entry point. Any part may
 * be null: no host model leaves addresses and routes open (any host), no ebtables rules let every
 * frame through the bridge hooks. A host model only one side has is used for both.
 */
public record DiffContext(HostModel oldHost, HostModel newHost, Ruleset oldBridgeRules, Ruleset newBridgeRules) {

    public static final DiffContext NONE = new DiffContext(null, null, null, null);

    public DiffContext {
        for (Ruleset r : new Ruleset[] {oldBridgeRules, newBridgeRules}) {
            if (r != null && r.family() != Family.BRIDGE) {
                throw new IllegalArgumentException("bridge rules must be ebtables rules, not " + r.family().tool());
            }
        }
    }

    public HostModel hostOld() {
        return oldHost != null ? oldHost : newHost;
    }

    public HostModel hostNew() {
        return newHost != null ? newHost : oldHost;
    }
}
