package io.nflint.host;

/**
 * A bridge port as {@code bridge -d link show} reports it.
 *
 * @param hairpin null when the dump does not say
 * @param state   STP state ("forwarding", "disabled" …), or null
 */
public record BridgePort(String name, String bridge, Boolean hairpin, String state, boolean isolated) {
}
