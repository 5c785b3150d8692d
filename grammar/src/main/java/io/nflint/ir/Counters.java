package io.nflint.ir;

/** Packet and byte counters as printed by {@code -save -c}; zero when absent. */
public record Counters(long packets, long bytes) {
    public static final Counters NONE = new Counters(0, 0);
}
