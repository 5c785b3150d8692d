package io.nflint.walk;

import io.nflint.ir.Ip6ExtHeaders;
import io.nflint.pipeline.Hook;

/**
 * The header fields the walker's packet does not carry but the kernel fills in the same way for every
 * packet of its kind: the hop limit / TTL a Linux sender starts with, and the extension header chain.
 */
final class HopLimits {

    /** net.ipv6.conf.*.hop_limit and net.ipv4.ip_default_ttl: what ping, nc and a peer running Linux send. */
    static final int DEFAULT = 64;
    /** Neighbour discovery (RFC 4861 §7.1.1): the receiver drops ND packets whose hop limit is not 255. */
    static final int NEIGHBOUR_DISCOVERY = 255;
    /** IPV6_DEFAULT_MCASTHOPS and IP_MULTICAST_TTL's default: multicast stays on the link. */
    static final int MULTICAST = 1;

    private HopLimits() {
    }

    /**
     * The hop limit (TTL) at this hook. ip_forward and ip6_forward decrement it before the FORWARD
     * hook, so FORWARD and POSTROUTING of a routed packet see one less; a bridged frame is not routed.
     */
    static int of(MatchContext c) {
        Packet p = c.packet();
        int start = startValue(p);
        boolean routedOn = !c.locallyGenerated() && (c.hook() == Hook.FORWARD || c.hook() == Hook.POSTROUTING)
                && !c.bridgeFamily() && !(p.physIn() != null && p.physOut() != null);
        return routedOn ? start - 1 : start;
    }

    private static int startValue(Packet p) {
        if (p.proto() == Packet.ICMPV6 && p.icmpType() >= 133 && p.icmpType() <= 137) {
            return NEIGHBOUR_DISCOVERY;
        }
        if (p.dst() != null && MatchEval.isMulticast(p.dst())) {
            return MULTICAST;
        }
        return DEFAULT;
    }

    /** ip6t_ipv6header's bit set for a packet without extension headers: the upper layer, ESP, or none. */
    static int headerChain(int proto) {
        return switch (proto) {
            case 50 -> Ip6ExtHeaders.ESP;
            case 59 -> Ip6ExtHeaders.NONE;
            default -> Ip6ExtHeaders.PROTO;
        };
    }
}
