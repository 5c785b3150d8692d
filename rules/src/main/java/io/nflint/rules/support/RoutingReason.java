package io.nflint.rules.support;

import io.nflint.ir.Direction;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;

/**
 * Why the routing decision keeps every packet from a rule whose addresses are multicast, broadcast
 * or martian: both engines drop martians at routing and deliver broadcast locally, and multicast
 * too on a host bundle's host (a bare dump may be a multicast router's), so a rule that needs such
 * an address on the forward path (or a martian anywhere) is never matched for a reason its own
 * chain does not show.
 */
public final class RoutingReason {

    private static final IpNet MULTICAST4 = IpNet.parse("224.0.0.0/4").orElseThrow();
    private static final IpNet BROADCAST4 = IpNet.parse("255.255.255.255/32").orElseThrow();
    private static final IpNet MULTICAST6 = IpNet.parse("ff00::/8").orElseThrow();
    private static final IpNet LOOPBACK4 = IpNet.parse("127.0.0.0/8").orElseThrow();
    private static final IpNet ZERO4 = IpNet.parse("0.0.0.0/8").orElseThrow();
    private static final IpNet LOOPBACK6 = IpNet.parse("::1/128").orElseThrow();

    private RoutingReason() {
    }

    /** ": its destination is multicast or broadcast, …", or "" when its addresses say nothing of the kind. */
    public static String of(Rule r) {
        IpNet dst = only(r, Direction.DESTINATION);
        IpNet src = only(r, Direction.SOURCE);
        if (dst != null && (MULTICAST4.contains(dst) || BROADCAST4.contains(dst) || MULTICAST6.contains(dst))
                && r.chain().equals("FORWARD")) {
            return "; its destination is multicast or broadcast, which this host delivers locally and does not forward"
                    + " (it runs no multicast routing)";
        }
        if (src != null && (MULTICAST4.contains(src) || BROADCAST4.contains(src) || MULTICAST6.contains(src))) {
            return "; its source is multicast or broadcast, which the kernel drops at routing as a martian";
        }
        if (src != null && (LOOPBACK4.contains(src) || ZERO4.contains(src) || LOOPBACK6.contains(src))
                || dst != null && (LOOPBACK4.contains(dst) || ZERO4.contains(dst) || LOOPBACK6.contains(dst))) {
            return "; its addresses are loopback or 0.0.0.0/8, which the kernel drops at routing as martians when they"
                    + " arrive on another interface (127.0.0.0/8 unless route_localnet is set)";
        }
        return "";
    }

    private static IpNet only(Rule r, Direction d) {
        return FieldTests.soleNet(LoweredRule.of(r), d == Direction.SOURCE ? Field.IP_SADDR : Field.IP_DADDR);
    }
}
