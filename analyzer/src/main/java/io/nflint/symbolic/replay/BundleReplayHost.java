package io.nflint.symbolic.replay;

import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import io.nflint.walk.HostModelView;
import io.nflint.walk.HostView;
import io.nflint.walk.Packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A diff side's host as the concrete walker replays a witness on it when the side came from a
 * host bundle: the bundle's own interfaces, addresses, routes, bridges and sysctls, as {@code trace}
 * sees them. Only what the symbolic engine left open for that host comes from the model's choices:
 * the routes when the bundle has no route file or more routes than the encoding searches, and
 * further local addresses when it has no ip-addr.json. Those choices are named in the assumptions.
 */
public final class BundleReplayHost implements HostView {

    private final HostModelView host;
    private final HostChoices choices;
    private final boolean routesOpen;
    private final boolean localOpen;

    /**
     * {@code routesOpen}/{@code localOpen}: whether the encoding left this host's routes or local
     * addresses uninterpreted (then the model's answers stand in for them).
     */
    public BundleReplayHost(io.nflint.host.HostModel model, HostChoices choices, boolean routesOpen, boolean localOpen) {
        this.host = new HostModelView(model);
        this.choices = choices;
        this.routesOpen = routesOpen;
        this.localOpen = localOpen;
    }

    @Override
    public Optional<RouteHit> route(Ip dst) {
        if (routesOpen && !isLocal(dst)) {
            String iface = choices.routes().get(dst);
            if (iface != null && !host.hasInterface(iface)) {
                // the encoding turns a name the host does not have into "no route"
                return Optional.empty();
            }
            if (iface != null) {
                return Optional.of(new RouteHit(iface, RouteHit.Type.UNICAST, null, null,
                        dst + " dev " + iface + " (the witness's route: the bundle's route table is not encoded)"));
            }
        }
        if (localOpen && !host.isLocal(dst) && isLocal(dst)) {
            return Optional.of(new RouteHit("lo", RouteHit.Type.LOCAL, null, dst, "local " + dst));
        }
        return host.route(dst);
    }

    @Override
    public boolean isLocal(Ip ip) {
        return host.isLocal(ip) || localOpen && choices.local().getOrDefault(ip, false);
    }

    @Override
    public boolean isLocalOn(String iface, Ip ip) {
        return host.isLocalOn(iface, ip);
    }

    @Override
    public boolean isBroadcast(String iface, Ip ip) {
        return host.isBroadcast(iface, ip);
    }

    @Override
    public Optional<Ip> primaryAddress(String iface, boolean v6) {
        return host.primaryAddress(iface, v6);
    }

    @Override
    public Optional<Ip> selectSource(String iface, Ip nextHop, Ip dst, boolean linkScope) {
        return host.selectSource(iface, nextHop, dst, linkScope);
    }

    @Override
    public boolean isLoopback(String iface) {
        return host.isLoopback(iface);
    }

    @Override
    public boolean hasInterface(String iface) {
        return host.hasInterface(iface);
    }

    @Override
    public boolean isBridge(String iface) {
        return host.isBridge(iface);
    }

    @Override
    public Optional<String> bridgeOf(String port) {
        return host.bridgeOf(port);
    }

    @Override
    public Optional<String> portFor(String bridge, Ip ip) {
        return host.portFor(bridge, ip);
    }

    @Override
    public Optional<Boolean> hairpin(String bridge, String port) {
        return host.hairpin(bridge, port);
    }

    @Override
    public boolean ipForward(boolean v6) {
        return host.ipForward(v6);
    }

    @Override
    public boolean forwardsMulticast() {
        return host.forwardsMulticast();
    }

    @Override
    public boolean bridgeNfCallIptables(boolean v6) {
        return host.bridgeNfCallIptables(v6);
    }

    @Override
    public boolean routeLocalnet(String iface) {
        return host.routeLocalnet(iface);
    }

    @Override
    public Optional<Boolean> setContains(String name, Packet packet, List<Direction> flags) {
        return host.setContains(name, packet, flags);
    }

    @Override
    public List<String> listeners(String proto, Ip dst, int port) {
        return host.listeners(proto, dst, port);
    }

    /** The bundle's host, and the model's answers this replay used in place of what it left open, sorted. */
    @Override
    public List<String> assumptions() {
        List<String> out = new ArrayList<>();
        out.add("the bundle's interfaces, addresses and routes");
        if (localOpen) {
            for (Map.Entry<Ip, Boolean> e : new TreeMap<>(choices.local()).entrySet()) {
                if (e.getValue() && !host.isLocal(e.getKey())) {
                    out.add(e.getKey() + " is an address of the host");
                }
            }
        }
        if (routesOpen) {
            new TreeMap<>(choices.routes()).forEach((ip, iface) -> out.add(ip + " routes out of " + iface));
        }
        return out;
    }
}
