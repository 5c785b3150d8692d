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
import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The walker's view of a loaded or inferred {@link HostModel}. */
public final class HostModelView implements HostView {

    private static final IpNet LOOPNET4 = IpNet.of(Ip.v4(127, 0, 0, 0), 8);

    private final HostModel host;

    public HostModelView(HostModel host) {
        this.host = host;
    }

    public HostModel model() {
        return host;
    }

    @Override
    public Optional<RouteHit> route(Ip dst) {
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
        Ip src = route.prefSrc() != null ? route.prefSrc()
                : route.device() == null ? null : primaryAddress(route.device(), dst.v6()).orElse(null);
        String text = route.destination() + (route.gateway() != null ? " via " + route.gateway() : "")
                + (route.device() != null ? " dev " + route.device() : "");
        return Optional.of(new RouteHit(route.device(), type, route.gateway(), src, text));
    }

    @Override
    public boolean isLocal(Ip ip) {
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
        Optional<NetInterface> i = host.iface(iface);
        if (i.isEmpty()) {
            return isLoopback(iface) ? Optional.of(v6 ? new Ip(true, 0, 1) : Ip.v4(127, 0, 0, 1)) : Optional.empty();
        }
        // prefer a global address; IPv6 link-local addresses are never a MASQUERADE source
        return i.get().addresses().stream().map(IfAddress::address).filter(a -> a.v6() == v6)
                .filter(a -> !v6 || (a.hi() >>> 54) != 0x3fa).findFirst();
    }

    @Override
    public boolean isLoopback(String iface) {
        if (iface == null) {
            return false;
        }
        return host.iface(iface).map(i -> i.kind() == InterfaceKind.LOOPBACK).orElse(iface.equals("lo"));
    }

    @Override
    public boolean hasInterface(String iface) {
        return host.iface(iface).isPresent() || host.bridgeOfInterface(iface).isPresent() || isLoopback(iface);
    }

    @Override
    public boolean isBridge(String iface) {
        return host.iface(iface).map(i -> i.kind() == InterfaceKind.BRIDGE).orElse(false)
                || host.networkOfBridge(iface).isPresent();
    }

    @Override
    public Optional<String> bridgeOf(String port) {
        return host.bridgeOfInterface(port);
    }

    @Override
    public Optional<String> portFor(String bridge, Ip ip) {
        // nothing in a bundle ties a veth to the container behind it, except a bridge with one port
        List<String> ports = host.bridgePorts(bridge);
        if (ports.size() == 1 && host.containerOf(ip).isPresent()) {
            return Optional.of(ports.get(0));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Boolean> hairpin(String bridge, String port) {
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
        return v6 ? host.sysctls().ipv6Forwarding() : host.sysctls().ipForward();
    }

    @Override
    public boolean bridgeNfCallIptables(boolean v6) {
        return v6 ? host.sysctls().bridgeNfCallIp6tables() : host.sysctls().bridgeNfCallIptables();
    }

    @Override
    public boolean routeLocalnet(String iface) {
        return host.sysctls().routeLocalnet(iface);
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
        List<String> out = new ArrayList<>();
        for (Assumption a : host.assumptions()) {
            out.add(a.text());
        }
        return out;
    }
}
