package io.nflint.ir;

/**
 * An IPv6 packet's extension header chain summed up as a bit set, one bit per header kind: the
 * kernel's ip6t_ipv6header MASK_* values. Both {@code -m ipv6header} and the walker's packets speak
 * it (and nft's {@code exthdr} lookups will), so the values live here rather than in one match.
 */
public final class Ip6ExtHeaders {

    public static final int HOPOPTS = 128;
    public static final int DSTOPTS = 64;
    public static final int ROUTING = 32;
    public static final int FRAGMENT = 16;
    public static final int AH = 8;
    public static final int ESP = 4;
    public static final int NONE = 2;
    /** An upper-layer header ends the chain (anything but ESP and "no next header"). */
    public static final int PROTO = 1;

    private Ip6ExtHeaders() {
    }
}
