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
 * @param varies       two copies of the rule may decide the same packet differently (rate limits, random
 *                     or counted choices, recent lists, unknown modules): a repeated rule is deliberate
 * @param writesShared matching changes state that other rules read (a recent list it sets, updates or
 *                     removes from), so a later rule that looks redundant is not
 */
public record Capabilities(boolean headerOnly, boolean readsState, boolean sideEffects, boolean notModelled,
                           boolean varies, boolean writesShared) {

    public Capabilities(boolean headerOnly, boolean readsState, boolean sideEffects, boolean notModelled) {
        this(headerOnly, readsState, sideEffects, notModelled, notModelled, false);
    }

    public static final Capabilities HEADER = new Capabilities(true, false, false, false);
    public static final Capabilities STATE = new Capabilities(false, true, false, false);
    /** Reads something other than the header fields the symbolic engine caches on (frames, bridge ports, sets, sockets). */
    public static final Capabilities CONTEXT = new Capabilities(false, false, false, false);
    public static final Capabilities SIDE_EFFECTS = new Capabilities(false, false, true, false);
    public static final Capabilities UNKNOWN_MODULE = new Capabilities(false, false, false, true);
    /** A random choice (statistic --mode random): no state, but each copy draws again. */
    public static final Capabilities RANDOM = new Capabilities(false, false, false, false, true, false);
    /** Private state of the rule (limit buckets, nth counters, a recent list it only checks). */
    public static final Capabilities OWN_STATE = new Capabilities(false, false, true, false, true, false);
    /** State other rules read: recent --set, --update, --remove. */
    public static final Capabilities SHARED_STATE = new Capabilities(false, false, true, false, true, true);
}
