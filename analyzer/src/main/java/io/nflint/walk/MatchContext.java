package io.nflint.walk;

import io.nflint.pipeline.Hook;

/**
 * What a rule can see besides the packet: the hook, which family's table runs (ebtables reads
 * {@code -i} as the bridge port), whether the packet was generated locally (owner), whether it
 * carries bridge information (physdev: only frames that passed br_netfilter), and its connection.
 *
 * @param ct the connection as far as it is known at this hook; null for untracked packets
 * @param replyDirection the packet is a reply of its connection (conntrack's IP_CT_DIR_REPLY)
 */
public record MatchContext(Packet packet, Hook hook, boolean bridgeFamily, boolean locallyGenerated,
                           boolean bridgeInfo, ConntrackEntry ct, HostView host, boolean replyDirection) {

    /** A packet in its connection's original direction (or without a connection). */
    public MatchContext(Packet packet, Hook hook, boolean bridgeFamily, boolean locallyGenerated,
                        boolean bridgeInfo, ConntrackEntry ct, HostView host) {
        this(packet, hook, bridgeFamily, locallyGenerated, bridgeInfo, ct, host, false);
    }
}
