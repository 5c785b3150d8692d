package io.nflint.pipeline;

/** Where a packet comes from and goes, which decides the hooks it passes. */
public enum PacketPath {
    /** Arrives on an interface and is routed out of another. */
    ROUTED,
    /** Arrives on an interface for a local address. */
    LOCAL_IN,
    /** Generated on the host. */
    LOCAL_OUT,
    /** Bridged between two ports of a Linux bridge. */
    BRIDGED
}
