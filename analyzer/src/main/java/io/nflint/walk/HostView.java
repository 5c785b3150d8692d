package io.nflint.walk;

import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import java.util.List;
import java.util.Optional;

/**
 * What the walker needs to know about the host: addresses, routes, sysctls, bridges, ipsets. Kept
 * small so that the walker does not depend on how the host model is loaded or inferred: the host
 * bundle model gets an adapter ({@link HostModelView}); the tests' StaticHost is a plain implementation.
 */
public interface HostView {

    /** The main-table route for {@code dst} (no policy routing); empty when nothing matches. */
    Optional<RouteHit> route(Ip dst);

    /** An address of this host (any interface, and all of 127.0.0.0/8 and ::1). */
    boolean isLocal(Ip ip);

    /** An address configured on {@code iface} itself ({@code addrtype --limit-iface-*}). */
    boolean isLocalOn(String iface, Ip ip);

    /** A subnet broadcast address of one of the host's interfaces (or of {@code iface} when not null). */
    boolean isBroadcast(String iface, Ip ip);

    /** The first address of {@code iface} in the family, as MASQUERADE and REDIRECT pick it. */
    Optional<Ip> primaryAddress(String iface, boolean v6);

    /**
     * The source the kernel gives a packet leaving by {@code iface} towards {@code dst} when neither
     * the sender nor the route names one (IPv4: inet_select_addr with the next hop {@code nextHop},
     * within {@code linkScope} ? link : universe scope; IPv6: ipv6_dev_get_saddr). MASQUERADE picks
     * its address the same way (universe scope, next hop or destination). By default: the
     * interface's first address.
     */
    default Optional<Ip> selectSource(String iface, Ip nextHop, Ip dst, boolean linkScope) {
        return primaryAddress(iface, dst.v6());
    }

    boolean isLoopback(String iface);

    /** Whether the host model knows {@code iface} at all (as an interface or a bridge port). */
    boolean hasInterface(String iface);

    boolean isBridge(String iface);

    /** The bridge {@code port} is enslaved to. */
    Optional<String> bridgeOf(String port);

    /** The bridge port behind which {@code ip} lives (a container's veth), when known. */
    Optional<String> portFor(String bridge, Ip ip);

    /**
     * Hairpin mode of a port of {@code bridge} (the port name may be one the walker made up when
     * the host does not say which port holds an address); empty when not known (kernel default: off).
     */
    Optional<Boolean> hairpin(String bridge, String port);

    boolean ipForward(boolean v6);

    /**
     * Whether a multicast routing daemon runs (mc_forwarding): a packet to a group beyond the
     * link-local ones is then forwarded by its route instead of only delivered to the host. Hosts
     * nflint reads never say so (off); rule logic's made-up hosts may, as its solver may.
     */
    default boolean forwardsMulticast() {
        return false;
    }

    boolean bridgeNfCallIptables(boolean v6);

    /** route_localnet for packets on {@code iface} (conf.all OR the device's own). */
    boolean routeLocalnet(String iface);

    /**
     * Membership of the packet in ipset {@code name}, dimension i reading side {@code flags[i]};
     * empty when not determined (unknown set or contents): the walker forks.
     */
    Optional<Boolean> setContains(String name, Packet packet, List<Direction> flags);

    /** Who listens on a local address and port, for notes ("docker-proxy listens on tcp/8080"). */
    default List<String> listeners(String proto, Ip dst, int port) {
        return List.of();
    }

    /** What the host model assumed or inferred instead of reading it. */
    List<String> assumptions();

    /** A routing table hit: the out interface, the next hop, the preferred source, the route type. */
    record RouteHit(String iface, Type type, Ip gateway, Ip prefSrc, String describe) {
        public enum Type { UNICAST, LOCAL, BROADCAST, BLACKHOLE, UNREACHABLE, PROHIBIT }
    }
}
