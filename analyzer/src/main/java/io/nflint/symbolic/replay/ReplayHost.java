package io.nflint.symbolic.replay;

import io.nflint.ir.Ip;
import io.nflint.walk.HostView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The host a witness assumes, as the concrete walker sees hosts: the local addresses, routes and
 * interface addresses the model chose, 127.0.0.0/8 and ::1 local as on every Linux host, forwarding
 * on (the symbolic engine assumes it), route_localnet as the model chose it (else off), no bridges,
 * no broadcast addresses, ipsets unknown (the walk
 * forks, as the solver leaves them open). An address the model never asked about is not local and
 * has no route: a replay that reaches one has left the witness's path.
 */
final class ReplayHost extends FlatHost {

    private final HostChoices choices;

    ReplayHost(HostChoices choices) {
        this.choices = choices;
    }

    @Override
    public Optional<RouteHit> route(Ip dst) {
        String iface = choices.routes().get(dst);
        if (iface != null) {
            return Optional.of(new RouteHit(iface, RouteHit.Type.UNICAST, null, null, dst + " dev " + iface + " (the witness's route)"));
        }
        if (isLocal(dst)) {
            return Optional.of(new RouteHit("lo", RouteHit.Type.LOCAL, null, dst, "local " + dst));
        }
        return Optional.empty();
    }

    @Override
    public boolean isLocal(Ip ip) {
        if (loopbackAddress(ip)) {
            return true;
        }
        return choices.local().getOrDefault(ip, false);
    }

    @Override
    public Optional<Ip> primaryAddress(String iface, boolean v6) {
        if ("lo".equals(iface) && !choices.ifaceAddrs().containsKey(iface)) {
            return Optional.of(v6 ? new Ip(true, 0, 1) : Ip.v4(127, 0, 0, 1));
        }
        return Optional.ofNullable(iface == null ? null : choices.ifaceAddrs().get(iface)).filter(a -> a.v6() == v6);
    }

    @Override
    public boolean routeLocalnet(String iface) {
        return iface != null && choices.routeLocalnet().getOrDefault(iface, false);
    }

    /** The choices in words, sorted so replays print the same way each run. */
    @Override
    public List<String> assumptions() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Ip, Boolean> e : new TreeMap<>(choices.local()).entrySet()) {
            if (e.getValue()) {
                out.add(e.getKey() + " is an address of the host");
            }
        }
        new TreeMap<>(choices.routes()).forEach((ip, iface) -> out.add(ip + " routes out of " + iface));
        new TreeMap<>(choices.ifaceAddrs()).forEach((iface, ip) -> out.add(iface + " has address " + ip));
        new TreeMap<>(choices.routeLocalnet()).forEach((iface, on) -> {
            if (on) {
                out.add("route_localnet=1 on " + iface);
            }
        });
        return out;
    }
}
