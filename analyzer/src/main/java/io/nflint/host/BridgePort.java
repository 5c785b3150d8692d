package io.nflint.host;

import java.util.List;

/**
 * A bridge port as {@code bridge -d link show} reports it, with the MAC addresses the bridge has
 * learned behind it ({@code bridge fdb show}): what ties a container's address to its veth.
 *
 * @param hairpin null when the dump does not say
 * @param state   STP state ("forwarding", "disabled" …), or null
 * @param macs    learned (not permanent) forwarding-database entries of the port, lower case
 */
public record BridgePort(String name, String bridge, Boolean hairpin, String state, boolean isolated, List<String> macs) {

    public BridgePort {
        macs = List.copyOf(macs);
    }

    public BridgePort(String name, String bridge, Boolean hairpin, String state, boolean isolated) {
        this(name, bridge, hairpin, state, isolated, List.of());
    }

    public BridgePort withMacs(List<String> learned) {
        return new BridgePort(name, bridge, hairpin, state, isolated, learned);
    }
}
