package io.nflint.host;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the engines know about the host around a rule set: interfaces, routes, sysctls, ipsets,
 * containers and their networks, listening sockets, bridge ports — read from a bundle or inferred
 * — and the assumptions made where something was missing. Immutable; {@link #toBuilder()} and the
 * {@code withInferred…} methods return changed copies.
 */
public record HostModel(
        List<NetInterface> interfaces,
        List<Route> routes,
        Sysctls sysctls,
        IpSets ipsets,
        List<ContainerInfo> containers,
        List<NetworkInfo> networks,
        List<Listener> listeners,
        List<BridgePort> bridgePorts,
        List<Assumption> assumptions) {

    private static final HostModel EMPTY = new HostModel(List.of(), List.of(), Sysctls.defaults(), IpSets.empty(),
            List.of(), List.of(), List.of(), List.of(), List.of());

    public HostModel {
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
        Objects.requireNonNull(sysctls, "sysctls");
        Objects.requireNonNull(ipsets, "ipsets");
        containers = List.copyOf(containers);
        networks = List.copyOf(networks);
        listeners = List.copyOf(listeners);
        bridgePorts = List.copyOf(bridgePorts);
        assumptions = List.copyOf(assumptions);
    }

    /** Nothing known: no interfaces, no routes, kernel-default sysctls, no assumptions yet. */
    public static HostModel empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(EMPTY);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    // ---- inferred facts -------------------------------------------------------------------

    /** Adds (or replaces by name) an interface and records why we believe it exists. */
    public HostModel withInferredInterface(NetInterface iface, String why) {
        return toBuilder().putInterface(iface).addAssumption(new Assumption("", why)).build();
    }

    public HostModel withInferredRoute(Route route, String why) {
        return toBuilder().addRoute(route).addAssumption(new Assumption("", why)).build();
    }

    public HostModel withAssumption(Assumption assumption) {
        return toBuilder().addAssumption(assumption).build();
    }

    // ---- lookups --------------------------------------------------------------------------

    public Optional<NetInterface> iface(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public List<Route> routes(boolean v6) {
        return routes.stream().filter(r -> r.v6() == v6).toList();
    }

    /** Addresses configured on interfaces that are up (the kernel drops local routes of down links). */
    public SortedSet<Ip> localAddresses() {
        SortedSet<Ip> out = new TreeSet<>();
        for (NetInterface i : interfaces) {
            if (i.up()) {
                i.addresses().forEach(a -> out.add(a.address()));
            }
        }
        return out;
    }

    /**
     * Whether the local routing table delivers {@code ip} to this host: an address of an up
     * interface, any address in an IPv4 prefix configured on a loopback (the kernel makes the
     * whole 127.0.0.0/8 local), or a local-type route we were given.
     */
    public boolean isLocal(Ip ip) {
        return localOwner(ip).isPresent();
    }

    private Optional<String> localOwner(Ip ip) {
        for (NetInterface i : interfaces) {
            if (!i.up()) {
                continue;
            }
            for (IfAddress a : i.addresses()) {
                if (a.address().equals(ip)) {
                    return Optional.of(i.name());
                }
            }
        }
        for (NetInterface i : interfaces) {
            if (i.up() && i.kind() == InterfaceKind.LOOPBACK) {
                for (IfAddress a : i.addresses()) {
                    if (!a.v6() && a.subnet().contains(ip)) {
                        return Optional.of(i.name());
                    }
                }
            }
        }
        for (Route r : routes) {
            if (r.type() == RouteType.LOCAL && r.destination().contains(ip)) {
                return Optional.of(r.device() == null ? "lo" : r.device());
            }
        }
        return Optional.empty();
    }

    /** The interface holding {@code ip} as one of its addresses. */
    public Optional<NetInterface> interfaceOf(Ip ip) {
        return interfaces.stream()
                .filter(i -> i.addresses().stream().anyMatch(a -> a.address().equals(ip)))
                .findFirst();
    }

    /**
     * The route the kernel would pick for {@code dst}, without policy rules: first the local
     * table (local addresses give a {@link RouteType#LOCAL} route on the owning interface, subnet
     * broadcast addresses a {@link RouteType#BROADCAST} one), then the longest prefix in the main
     * table, lowest metric on a tie, first listed after that. Empty when nothing matches.
     */
    public Optional<Route> routeLookup(Ip dst) {
        Optional<String> owner = localOwner(dst);
        if (owner.isPresent()) {
            return Optional.of(new Route(IpNet.host(dst), null, owner.get(), RouteType.LOCAL, Route.LOCAL_TABLE,
                    0, dst, "host"));
        }
        if (!dst.v6()) {
            for (NetInterface i : interfaces) {
                for (IfAddress a : i.addresses()) {
                    if (i.up() && !a.v6() && a.prefixLen() < 31 && a.subnet().last().equals(dst)) {
                        return Optional.of(new Route(IpNet.host(dst), null, i.name(), RouteType.BROADCAST,
                                Route.LOCAL_TABLE, 0, a.address(), "link"));
                    }
                }
            }
        }
        Comparator<Route> better = Comparator.<Route>comparingInt(r -> r.destination().length())
                .thenComparing(Comparator.<Route>comparingInt(Route::metric).reversed());
        Route best = null;
        for (Route r : routes) {
            if (r.inMainTable() && r.v6() == dst.v6() && r.destination().contains(dst)
                    && (best == null || better.compare(r, best) > 0)) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The bridge {@code name} is a port of. */
    public Optional<String> bridgeOfInterface(String name) {
        for (BridgePort p : bridgePorts) {
            if (p.name().equals(name) && p.bridge() != null) {
                return Optional.of(p.bridge());
            }
        }
        return iface(name).flatMap(NetInterface::masterBridge);
    }

    /** The port of {@code bridge} that has learned {@code mac} (bridge fdb), if any. */
    public Optional<String> portWithMac(String bridge, String mac) {
        String m = mac.toLowerCase(java.util.Locale.ROOT);
        return bridgePorts.stream().filter(p -> bridge.equals(p.bridge()) && p.macs().contains(m)).map(BridgePort::name).findFirst();
    }

    /** Ports of {@code bridge}, sorted by name. */
    public List<String> bridgePorts(String bridge) {
        SortedSet<String> out = new TreeSet<>();
        interfaces.stream().filter(i -> bridge.equals(i.master())).forEach(i -> out.add(i.name()));
        bridgePorts.stream().filter(p -> bridge.equals(p.bridge())).forEach(p -> out.add(p.name()));
        return List.copyOf(out);
    }

    /** Hairpin mode of a bridge port; empty when not known. */
    public Optional<Boolean> hairpin(String port) {
        for (BridgePort p : bridgePorts) {
            if (p.name().equals(port) && p.hairpin() != null) {
                return Optional.of(p.hairpin());
            }
        }
        return iface(port).flatMap(NetInterface::hairpinMode);
    }

    public Optional<NetworkInfo> network(String name) {
        return networks.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The container network whose bridge interface is {@code bridge}. */
    public Optional<NetworkInfo> networkOfBridge(String bridge) {
        return networks.stream().filter(n -> bridge.equals(n.bridge())).findFirst();
    }

    /** The container holding {@code ip} on one of its networks. */
    public Optional<ContainerInfo> containerOf(Ip ip) {
        return containers.stream().filter(c -> c.addresses().contains(ip)).findFirst();
    }

    public Optional<ContainerInfo> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Listening sockets on {@code proto}/{@code port} that would take a packet to {@code dst}. */
    public List<Listener> listenersFor(String proto, Ip dst, int port) {
        return listeners.stream()
                .filter(l -> l.proto().equals(proto) && l.port() == port && l.accepts(dst))
                .toList();
    }

    /** Collects changes; interfaces keep insertion order and are replaced by name. */
    public static final class Builder {
        private final Map<String, NetInterface> interfaces = new LinkedHashMap<>();
        private final List<Route> routes;
        private Sysctls sysctls;
        private IpSets ipsets;
        private final List<ContainerInfo> containers;
        private final List<NetworkInfo> networks;
        private final List<Listener> listeners;
        private final List<BridgePort> bridgePorts;
        private final List<Assumption> assumptions;

        private Builder(HostModel from) {
            from.interfaces.forEach(i -> interfaces.put(i.name(), i));
            routes = new ArrayList<>(from.routes);
            sysctls = from.sysctls;
            ipsets = from.ipsets;
            containers = new ArrayList<>(from.containers);
            networks = new ArrayList<>(from.networks);
            listeners = new ArrayList<>(from.listeners);
            bridgePorts = new ArrayList<>(from.bridgePorts);
            assumptions = new ArrayList<>(from.assumptions);
        }

        public Builder putInterface(NetInterface iface) {
            interfaces.put(iface.name(), iface);
            return this;
        }

        public Optional<NetInterface> getInterface(String name) {
            return Optional.ofNullable(interfaces.get(name));
        }

        public Builder addRoute(Route route) {
            routes.add(route);
            return this;
        }

        public Builder routes(List<Route> all) {
            routes.clear();
            routes.addAll(all);
            return this;
        }

        public Builder sysctls(Sysctls value) {
            sysctls = Objects.requireNonNull(value);
            return this;
        }

        public Builder ipsets(IpSets value) {
            ipsets = Objects.requireNonNull(value);
            return this;
        }

        public Builder addIpSet(IpSet set) {
            ipsets = ipsets.with(set);
            return this;
        }

        public Builder addContainer(ContainerInfo c) {
            containers.add(c);
            return this;
        }

        public Builder addNetwork(NetworkInfo n) {
            networks.add(n);
            return this;
        }

        public Builder addListener(Listener l) {
            listeners.add(l);
            return this;
        }

        public Builder addBridgePort(BridgePort p) {
            bridgePorts.add(p);
            return this;
        }

        public Builder addAssumption(Assumption a) {
            if (!assumptions.contains(a)) {
                assumptions.add(a);
            }
            return this;
        }

        public HostModel build() {
            return new HostModel(List.copyOf(interfaces.values()), routes, sysctls, ipsets, containers, networks,
                    listeners, bridgePorts, assumptions);
        }
    }
}
