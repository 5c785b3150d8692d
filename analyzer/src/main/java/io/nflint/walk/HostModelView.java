package io.nflint.walk;

import io.nflint.host.Assumption;
import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.InterfaceKind;
import io.nflint.host.Listener;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.host.RouteType;
import io.nflint.host.SetDir;
import io.nflint.host.SetPacket;
import io.nflint.host.SourceSelection;
import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The walker's view of a loaded or inferred {@link HostModel}. The model is immutable and its
 * lookups scan its lists, while a walk asks the same few questions (routes, local addresses,
 * bridges) for every packet: answers are remembered, per view, so a matrix of millions of walks
 * asks the model each question once. Thread-safe (checks may share one walker).
 */
public final class HostModelView implements HostView {

    private static final IpNet LOOPNET4 = IpNet.of(Ip.v4(127, 0, 0, 0), 8);

    private final HostModel host;
    private final Map<Ip, Optional<RouteHit>> routes = new ConcurrentHashMap<>();
    private final Map<Ip, Boolean> local = new ConcurrentHashMap<>();
    private final Map<Pair, Boolean> localOn = new ConcurrentHashMap<>();
    private final Map<Pair, Boolean> broadcast = new ConcurrentHashMap<>();
    private final Map<Pair, Optional<Ip>> primary = new ConcurrentHashMap<>();
    private final Map<String, Boolean> loopback = new ConcurrentHashMap<>();
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();
    private final Map<String, Boolean> bridges = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> bridgeOfPort = new ConcurrentHashMap<>();
    private final Map<Pair, Optional<String>> ports = new ConcurrentHashMap<>();
    private final Map<Pair, Optional<Boolean>> hairpins = new ConcurrentHashMap<>();
    private final Map<String, Boolean> localnet = new ConcurrentHashMap<>();
    private final boolean[] forward;
    private final boolean[] bridgeNf;
    private final List<String> assumptions;

    /** A two-part cache key; either part may be null. */
    private record Pair(Object a, Object b) {
    }

    public HostModelView(HostModel host) {
        this.host = host;
        this.forward = new boolean[] {host.sysctls().ipForward(), host.sysctls().ipv6Forwarding()};
        this.bridgeNf = new boolean[] {host.sysctls().bridgeNfCallIptables(), host.sysctls().bridgeNfCallIp6tables()};
        List<String> texts = new ArrayList<>();
        for (Assumption a : host.assumptions()) {
            texts.add(a.text());
        }
        this.assumptions = List.copyOf(texts);
    }

    public HostModel model() {
        return host;
    }

    @Override
    public Optional<RouteHit> route(Ip dst) {
        return routes.computeIfAbsent(dst, this::lookupRoute);
    }

    private Optional<RouteHit> lookupRoute(Ip dst) {
        if (isLocal(dst)) {
            return Optional.of(new RouteHit(host.interfaceOf(dst).map(NetInterface::name).orElse("lo"),
                    RouteHit.Type.LOCAL, null, dst, "local " + dst));
        }
        Optional<Route> r = host.routeLookup(dst);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        Route route = r.get();
        RouteHit.Type type;
        switch (route.type()) {
            case LOCAL:
                type = RouteHit.Type.LOCAL;
                break;
            case BROADCAST:
                type = RouteHit.Type.BROADCAST;
                break;
            case BLACKHOLE:
                type = RouteHit.Type.BLACKHOLE;
                break;
            case UNREACHABLE:
                type = RouteHit.Type.UNREACHABLE;
                break;
            case PROHIBIT:
                type = RouteHit.Type.PROHIBIT;
                break;
            default:
                type = RouteHit.Type.UNICAST;
        }
        // a route's scope is link when it has no gateway (connected), universe otherwise
        Ip src = route.prefSrc() != null ? route.prefSrc()
                : route.device() == null ? null
                : selectSource(route.device(), route.gateway(), dst, route.gateway() == null).orElse(null);
        String text = route.destination() + (route.gateway() != null ? " via " + route.gateway() : "")
                + (route.device() != null ? " dev " + route.device() : "");
        return Optional.of(new RouteHit(route.device(), type, route.gateway(), src, text));
    }

    @Override
    public boolean isLocal(Ip ip) {
        return local.computeIfAbsent(ip, this::lookupLocal);
    }

    private boolean lookupLocal(Ip ip) {
        // lo always exists and makes the whole of 127.0.0.0/8 (and ::1) local, even when the bundle omits it
        if (!ip.v6() && LOOPNET4.contains(ip)) {
            return true;
        }
        if (ip.v6() && ip.hi() == 0 && ip.lo() == 1) {
            return true;
        }
        return host.isLocal(ip);
    }

    @Override
    public boolean isLocalOn(String iface, Ip ip) {
        if (iface == null) {
            return false;
        }
        return localOn.computeIfAbsent(new Pair(iface, ip), k -> lookupLocalOn(iface, ip));
    }

    private boolean lookupLocalOn(String iface, Ip ip) {
        Optional<NetInterface> i = host.iface(iface);
        if (i.isEmpty()) {
            return isLoopback(iface) && isLocal(ip) && host.interfaceOf(ip).isEmpty();
        }
        if (i.get().kind() == InterfaceKind.LOOPBACK && !ip.v6() && LOOPNET4.contains(ip)) {
            return true;
        }
        return i.get().addresses().stream().anyMatch(a -> a.address().equals(ip));
    }

    @Override
    public boolean isBroadcast(String iface, Ip ip) {
        return broadcast.computeIfAbsent(new Pair(iface, ip), k -> lookupBroadcast(iface, ip));
    }

    private boolean lookupBroadcast(String iface, Ip ip) {
        if (ip.v6()) {
            return false;
        }
        for (NetInterface i : host.interfaces()) {
            if (iface != null && !i.name().equals(iface)) {
                continue;
            }
            for (IfAddress a : i.addresses()) {
                if (!a.v6() && a.prefixLen() < 31 && a.subnet().last().equals(ip)) {
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
        return primary.computeIfAbsent(new Pair(iface, v6), k -> lookupPrimary(iface, v6));
    }

    private Optional<Ip> lookupPrimary(String iface, boolean v6) {
        Optional<NetInterface> i = host.iface(iface);
        if (i.isEmpty()) {
            return isLoopback(iface) ? Optional.of(v6 ? new Ip(true, 0, 1) : Ip.v4(127, 0, 0, 1)) : Optional.empty();
        }
        // prefer a global address; IPv6 link-local addresses are never a MASQUERADE source
        return i.get().addresses().stream().map(IfAddress::address).filter(a -> a.v6() == v6)
                .filter(a -> !v6 || (a.hi() >>> 54) != 0x3fa).findFirst();
    }

    @Override
    public Optional<Ip> selectSource(String iface, Ip nextHop, Ip dst, boolean linkScope) {
        if (iface == null) {
            return Optional.empty();
        }
        if (host.iface(iface).isEmpty()) {
            return primaryAddress(iface, dst.v6());
        }
        return dst.v6() ? SourceSelection.ipv6(host.interfaces(), iface, dst)
                : SourceSelection.ipv4(host.interfaces(), iface, nextHop,
                        linkScope ? IfAddress.SCOPE_LINK : IfAddress.SCOPE_GLOBAL);
    }

    @Override
    public boolean isLoopback(String iface) {
        if (iface == null) {
            return false;
        }
        return loopback.computeIfAbsent(iface, this::lookupLoopback);
    }

    private boolean lookupLoopback(String iface) {
        return host.iface(iface).map(i -> i.kind() == InterfaceKind.LOOPBACK).orElse(iface.equals("lo"));
    }

    @Override
    public boolean hasInterface(String iface) {
        return known.computeIfAbsent(iface, this::lookupInterface);
    }

    private boolean lookupInterface(String iface) {
        return host.iface(iface).isPresent() || host.bridgeOfInterface(iface).isPresent() || isLoopback(iface);
    }

    @Override
    public boolean isBridge(String iface) {
        return bridges.computeIfAbsent(iface, this::lookupBridge);
    }

    private boolean lookupBridge(String iface) {
        return host.iface(iface).map(i -> i.kind() == InterfaceKind.BRIDGE).orElse(false)
                || host.networkOfBridge(iface).isPresent();
    }

    @Override
    public Optional<String> bridgeOf(String port) {
        return bridgeOfPort.computeIfAbsent(port, host::bridgeOfInterface);
    }

    @Override
    public Optional<String> portFor(String bridge, Ip ip) {
        return ports.computeIfAbsent(new Pair(bridge, ip), k -> lookupPort(bridge, ip));
    }

    private Optional<String> lookupPort(String bridge, Ip ip) {
        // a bridge with one port, or the container's MAC (inspect output) learned behind a port (bridge fdb)
        List<String> ports = host.bridgePorts(bridge);
        if (ports.size() == 1 && host.containerOf(ip).isPresent()) {
            return Optional.of(ports.get(0));
        }
        Optional<io.nflint.host.ContainerInfo> c = host.containerOf(ip);
        if (c.isPresent()) {
            for (io.nflint.host.ContainerEndpoint e : c.get().endpoints()) {
                if (e.mac() != null && (ip.equals(e.ipv4()) || ip.equals(e.ipv6()))) {
                    Optional<String> port = host.portWithMac(bridge, e.mac());
                    if (port.isPresent()) {
                        return port;
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Boolean> hairpin(String bridge, String port) {
        return hairpins.computeIfAbsent(new Pair(bridge, port), k -> lookupHairpin(bridge, port));
    }

    private Optional<Boolean> lookupHairpin(String bridge, String port) {
        Optional<Boolean> own = host.hairpin(port);
        if (own.isPresent()) {
            return own;
        }
        // a port we could not name: Docker sets hairpin on every port of a bridge alike
        Set<Boolean> seen = new HashSet<>();
        for (String p : host.bridgePorts(bridge)) {
            host.hairpin(p).ifPresent(seen::add);
        }
        return seen.size() == 1 ? Optional.of(seen.iterator().next()) : Optional.empty();
    }

    @Override
    public boolean ipForward(boolean v6) {
        return forward[v6 ? 1 : 0];
    }

    @Override
    public boolean bridgeNfCallIptables(boolean v6) {
        return bridgeNf[v6 ? 1 : 0];
    }

    @Override
    public boolean routeLocalnet(String iface) {
        if (iface == null) {
            return host.sysctls().routeLocalnet(null);
        }
        return localnet.computeIfAbsent(iface, host.sysctls()::routeLocalnet);
    }

    @Override
    public Optional<Boolean> setContains(String name, Packet p, List<Direction> flags) {
        List<SetDir> dirs = new ArrayList<>();
        for (Direction d : flags) {
            dirs.add(d == Direction.SOURCE ? SetDir.SRC : SetDir.DST);
        }
        SetPacket sp = new SetPacket(p.src(), p.dst(), p.protoName(), p.hasPorts() ? p.sport() : null,
                p.hasPorts() ? p.dport() : null, p.in(), p.out(), p.physIn(), p.physOut(), p.mark(), p.srcMac(),
                p.dstMac());
        return host.ipsets().contains(name, sp, dirs);
    }

    @Override
    public List<String> listeners(String proto, Ip dst, int port) {
        List<String> out = new ArrayList<>();
        for (Listener l : host.listenersFor(proto, dst, port)) {
            out.add((l.process() != null ? l.process() : "a socket") + " listening on " + proto + "/"
                    + (l.address() == null ? "*" : l.address()) + ":" + port);
        }
        return out;
    }

    @Override
    public List<String> assumptions() {
        return assumptions;
    }
}
