package io.nflint.host;

import java.util.Locale;

/** The kernel's route types that change where a packet goes. */
public enum RouteType {
    UNICAST,
    LOCAL,
    BROADCAST,
    MULTICAST,
    ANYCAST,
    BLACKHOLE,
    UNREACHABLE,
    PROHIBIT,
    THROW,
    NAT,
    OTHER;

    /** {@code ip -j route} omits {@code type} for unicast routes. */
    static RouteType parse(String text) {
        if (text == null || text.isEmpty()) {
            return UNICAST;
        }
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return OTHER;
        }
    }

    /** True for types that end the packet at the routing decision. */
    public boolean rejects() {
        return this == BLACKHOLE || this == UNREACHABLE || this == PROHIBIT;
    }
}
