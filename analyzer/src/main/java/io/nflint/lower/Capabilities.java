package io.nflint.lower;

/**
 * What a match module is, beyond what it tests: the one table the engines and checks ask instead of
 * listing module types themselves.
 *
 * @param headerOnly   reads only header fields (addresses, protocol, ports, ICMP, interfaces), so the
 *                     symbolic engine may reuse its formula while the header is unchanged
 * @param readsState   reads the packet's mark or its connection (mark, connmark, state, conntrack)
 * @param sideEffects  matching changes state the next packet sees (recent lists, limit buckets, nth counters)
 * @param notModelled  a module nflint does not know at all: NFL013 reports it
 */
public record Capabilities(boolean headerOnly, boolean readsState, boolean sideEffects, boolean notModelled) {

    public static final Capabilities HEADER = new Capabilities(true, false, false, false);
    public static final Capabilities STATE = new Capabilities(false, true, false, false);
    /** Reads something other than the header fields the symbolic engine caches on (frames, bridge ports, sets, sockets). */
    public static final Capabilities CONTEXT = new Capabilities(false, false, false, false);
    public static final Capabilities SIDE_EFFECTS = new Capabilities(false, false, true, false);
    public static final Capabilities UNKNOWN_MODULE = new Capabilities(false, false, false, true);
}
