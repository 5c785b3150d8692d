package io.nflint.walk;

/** How the walk of one packet ended. */
public enum WalkVerdict {
    /** Delivered to a local socket or sent out of an interface. */
    ACCEPT,
    /** Silently discarded (a DROP, a policy, or the kernel itself: no forwarding, martian, hairpin). */
    DROP,
    /** Discarded with an answer to the sender (REJECT, or an ICMP error from routing). */
    REJECT;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
