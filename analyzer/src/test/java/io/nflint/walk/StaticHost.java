package io.nflint.walk;

import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host described in code: interfaces with addresses, bridge ports, extra routes, sysctls and
 * ipsets. Connected routes come from the interface addresses like the kernel's "proto kernel"
 * routes; 127.0.0.0/8 and ::1 are always local (lo always exists).
 */
public final class StaticHost implements HostView {

    private record Iface(String name, boolean loopback, boolean bridge, List<IpNet> nets, List<Ip> addrs) {
    }

    private record Port(String name, String bridge, Boolean hairpin, Ip behind) {
    }

    private record StaticRoute(IpNet net, Ip gateway, String dev, RouteHit.Type type) {
    }

    private final Map<String, Iface> ifaces;
    private final List<Port> ports;
    private final List<StaticRoute> routes;
    private final boolean ipForward;
    private final boolean ipv6Forward;
    private final boolean bridgeNf;
    private final boolean bridgeNf6;
    private final Map<String, Boolean> routeLocalnet;
    private final Map<String, List<IpNet>> sets;
    private final List<String> assumptions;

    private StaticHost(Builder b) {
        ifaces = new LinkedHashMap<>(b.ifaces);
        ports = List.copyOf(b.ports);
        routes = List.copyOf(b.routes);
        ipForward = b.ipForward;
        ipv6Forward = b.ipv6Forward;
        bridgeNf = b.bridgeNf;
        bridgeNf6 = b.bridgeNf6;
        routeLocalnet = Map.copyOf(b.routeLocalnet);
        sets = Map.copyOf(b.sets);
        assumptions = List.copyOf(b.assumptions);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<RouteHit> route(Ip dst) {
        if (isLocal(dst)) {
            return Optional.of(new RouteHit(localOwner(dst), RouteHit.Type.LOCAL, null, dst, "local " + dst));
        }
        StaticRoute best = null;
        for (StaticRoute r : allRoutes()) {
            if (r.net.contains(dst) && (best == null || r.net.length() > best.net.length())) {
                best = r;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Ip src = best.dev == null ? null : primaryAddress(best.dev, dst.v6()).orElse(null);
        String text = best.net + (best.gateway != null ? " via " + best.gateway : "")
                + (best.dev != null ? " dev " + best.dev : "");
        return Optional.of(new RouteHit(best.dev, best.type, best.gateway, src, text));
    }

    private List<StaticRoute> allRoutes() {
        List<StaticRoute> all = new ArrayList<>();
        for (Iface i : ifaces.values()) {
            if (!i.loopback) {
                for (IpNet n : i.nets) {
                    all.add(new StaticRoute(n, null, i.name, RouteHit.Type.UNICAST));
                }
            }
        }
        all.addAll(routes);
        return all;
    }

    private String localOwner(Ip ip) {
        for (Iface i : ifaces.values()) {
            if (i.addrs.contains(ip)) {
                return i.name;
            }
        }
        return "lo";
    }

    @Override
    public boolean isLocal(Ip ip) {
        if (!ip.v6() && (ip.v4Value() >>> 24) == 127) {
            return true;
        }
        if (ip.v6() && ip.hi() == 0 && ip.lo() == 1) {
            return true;
        }
        for (Iface i : ifaces.values()) {
            if (i.addrs.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isLocalOn(String iface, Ip ip) {
        Iface i = ifaces.get(iface);
        if (i == null) {
            return "lo".equals(iface) && isLocal(ip) && localOwner(ip).equals("lo");
        }
        return i.addrs.contains(ip) || (i.loopback && !ip.v6() && (ip.v4Value() >>> 24) == 127);
    }

    @Override
    public boolean isBroadcast(String iface, Ip ip) {
        for (Iface i : ifaces.values()) {
            if (iface != null && !i.name.equals(iface)) {
                continue;
            }
            for (IpNet n : i.nets) {
                if (!n.v6() && n.length() < 31 && n.last().equals(ip)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<Ip> primaryAddress(String iface, boolean v6) {
        if (iface == null) {
            return Optional.empty();
        }
        Iface i = ifaces.get(iface);
        if (i == null) {
            if ("lo".equals(iface)) {
                return Optional.of(v6 ? new Ip(true, 0, 1) : Ip.v4(127, 0, 0, 1));
            }
            return Optional.empty();
        }
        return i.addrs.stream().filter(a -> a.v6() == v6).findFirst();
    }

    @Override
    public boolean isLoopback(String iface) {
        Iface i = ifaces.get(iface);
        return i != null ? i.loopback : "lo".equals(iface);
    }

    @Override
    public boolean hasInterface(String iface) {
        return ifaces.containsKey(iface) || ports.stream().anyMatch(p -> p.name.equals(iface));
    }

    @Override
    public boolean isBridge(String iface) {
        Iface i = ifaces.get(iface);
        return i != null && i.bridge;
    }

    @Override
    public Optional<String> bridgeOf(String port) {
        return ports.stream().filter(p -> p.name.equals(port)).map(Port::bridge).findFirst();
    }

    @Override
    public Optional<String> portFor(String bridge, Ip ip) {
        return ports.stream().filter(p -> p.bridge.equals(bridge) && ip.equals(p.behind)).map(Port::name).findFirst();
    }

    @Override
    public Optional<Boolean> hairpin(String bridge, String port) {
        return ports.stream().filter(p -> p.name.equals(port) && p.hairpin != null).map(Port::hairpin).findFirst();
    }

    @Override
    public boolean ipForward(boolean v6) {
        return v6 ? ipv6Forward : ipForward;
    }

    @Override
    public boolean bridgeNfCallIptables(boolean v6) {
        return v6 ? bridgeNf6 : bridgeNf;
    }

    @Override
    public boolean routeLocalnet(String iface) {
        return routeLocalnet.getOrDefault("all", false) || (iface != null && routeLocalnet.getOrDefault(iface, false));
    }

    @Override
    public Optional<Boolean> setContains(String name, Packet packet, List<Direction> flags) {
        List<IpNet> nets = sets.get(name);
        if (nets == null) {
            return Optional.empty();
        }
        Ip ip = !flags.isEmpty() && flags.get(0) == Direction.DESTINATION ? packet.dst() : packet.src();
        return Optional.of(nets.stream().anyMatch(n -> n.contains(ip)));
    }

    @Override
    public List<String> assumptions() {
        return assumptions;
    }

    /** Collects a host; every interface named in a port or route need not be declared. */
    public static final class Builder {
        private final Map<String, Iface> ifaces = new LinkedHashMap<>();
        private final List<Port> ports = new ArrayList<>();
        private final List<StaticRoute> routes = new ArrayList<>();
        private boolean ipForward = true;
        private boolean ipv6Forward = false;
        private boolean bridgeNf = true;
        private boolean bridgeNf6 = true;
        private final Map<String, Boolean> routeLocalnet = new HashMap<>();
        private final Map<String, List<IpNet>> sets = new HashMap<>();
        private final List<String> assumptions = new ArrayList<>();

        private Builder() {
            ifaces.put("lo", new Iface("lo", true, false, List.of(IpNet.parse("127.0.0.1/8").orElseThrow()),
                    List.of(Ip.v4(127, 0, 0, 1))));
        }

        /** An interface with addresses in CIDR form ("198.51.100.1/24"). */
        public Builder iface(String name, String... cidrs) {
            return add(name, false, cidrs);
        }

        public Builder bridge(String name, String... cidrs) {
            return add(name, true, cidrs);
        }

        private Builder add(String name, boolean bridge, String... cidrs) {
            List<IpNet> nets = new ArrayList<>();
            List<Ip> addrs = new ArrayList<>();
            for (String c : cidrs) {
                int slash = c.indexOf('/');
                Ip a = Ip.parse(slash < 0 ? c : c.substring(0, slash)).orElseThrow();
                addrs.add(a);
                nets.add(IpNet.parse(c).orElseThrow());
            }
            ifaces.put(name, new Iface(name, false, bridge, List.copyOf(nets), List.copyOf(addrs)));
            return this;
        }

        /** A bridge port, the address of the container behind it, and its hairpin mode (null = unknown). */
        public Builder port(String name, String bridge, String behind, Boolean hairpin) {
            ports.add(new Port(name, bridge, hairpin, behind == null ? null : Ip.parse(behind).orElseThrow()));
            return this;
        }

        public Builder route(String cidr, String gateway, String dev) {
            routes.add(new StaticRoute(IpNet.parse(cidr.equals("default") ? "0.0.0.0/0" : cidr).orElseThrow(),
                    gateway == null ? null : Ip.parse(gateway).orElseThrow(), dev, RouteHit.Type.UNICAST));
            return this;
        }

        public Builder routeOfType(String cidr, RouteHit.Type type) {
            routes.add(new StaticRoute(IpNet.parse(cidr).orElseThrow(), null, null, type));
            return this;
        }

        public Builder ipForward(boolean on) {
            ipForward = on;
            return this;
        }

        public Builder ipv6Forward(boolean on) {
            ipv6Forward = on;
            return this;
        }

        public Builder bridgeNfCallIptables(boolean on) {
            bridgeNf = on;
            bridgeNf6 = on;
            return this;
        }

        /** route_localnet on {@code iface}, or "all". */
        public Builder routeLocalnet(String iface, boolean on) {
            routeLocalnet.put(iface, on);
            return this;
        }

        /** An ipset of addresses or nets, matched on the first flag's side. */
        public Builder ipset(String name, String... cidrs) {
            List<IpNet> nets = new ArrayList<>();
            for (String c : cidrs) {
                nets.add(IpNet.parse(c).orElseThrow());
            }
            sets.put(name, List.copyOf(nets));
            return this;
        }

        public Builder assume(String text) {
            assumptions.add(text);
            return this;
        }

        public StaticHost build() {
            return new StaticHost(this);
        }
    }
}
