package io.nflint.symbolic;

import java.util.List;
import java.util.Optional;

/**
 * A set of packets described symbolically, valid while its engine is open. No solver types leak:
 * a BDD backend could implement the same handle.
 */
public interface PacketSet {

    Emptiness emptiness();

    /** True only when the solver proved the set empty (UNKNOWN is not empty). */
    default boolean isEmpty() {
        return emptiness() == Emptiness.EMPTY;
    }

    /** One member, or empty when there is none (or the solver gave up). */
    Optional<WitnessPacket> witness();

    /** Up to {@code n} members that differ in protocol, destination and port where the set allows. */
    List<WitnessPacket> witnesses(int n);

    /**
     * Whether the set holds this packet as a new connection (conntrack NEW, marks 0) arriving on its
     * in interface; UNKNOWN when the solver gave up. Host facts the rules leave open (is the
     * destination local? where does it route?) may be chosen to make it a member.
     */
    Emptiness contains(WitnessPacket packet);

    PacketSet intersect(PacketSet other);

    PacketSet union(PacketSet other);

    PacketSet minus(PacketSet other);

    /** Unknown or nondeterministic matches (module and line) that this set's description depends on. */
    List<String> dependsOn();
}
