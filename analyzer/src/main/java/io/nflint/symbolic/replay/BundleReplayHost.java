package io.nflint.symbolic.replay;

import io.nflint.host.Assumption;
import io.nflint.host.HostModel;
import io.nflint.host.Route;
import io.nflint.host.RouteType;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.walk.HostModelView;
import io.nflint.walk.HostView;

import java.util.Map;
import java.util.TreeMap;

/**
 * A diff side's host as the concrete walker replays a witness on it when the side came from a
 * host bundle: the bundle's own interfaces, addresses, routes, bridges and sysctls, as {@code trace}
 * sees them. Only what the symbolic engine left open for that host comes from the model's choices,
 * added to the bundle as host routes and named in its assumptions: the routes when the bundle has
 * no route file or more routes than the encoding searches, further local addresses when it has no
 * ip-addr.json.
 */
public final class BundleReplayHost {

    private BundleReplayHost() {
    }

    /**
     * {@code routesOpen}/{@code localOpen}: whether the encoding left this host's routes or local
     * addresses uninterpreted (then the model's answers stand in for them).
     */
    public static HostView of(HostModel model, HostChoices choices, boolean routesOpen, boolean localOpen) {
        HostModel.Builder b = model.toBuilder();
        if (localOpen) {
            for (Map.Entry<Ip, Boolean> e : new TreeMap<>(choices.local()).entrySet()) {
                Ip ip = e.getKey();
                if (e.getValue() && !model.isLocal(ip)) {
                    b.addRoute(new Route(IpNet.host(ip), null, "lo", RouteType.LOCAL, Route.LOCAL_TABLE, 0, ip, "host"));
                    b.addAssumption(new Assumption("", ip + " is an address of the host (the witness's choice: the bundle"
                            + " does not list its addresses)"));
                }
            }
        }
        if (routesOpen) {
            new TreeMap<>(choices.routes()).forEach((ip, iface) -> {
                // a name the host does not have is "no route" in the encoding: the bundle's own table answers
                if (model.iface(iface).isPresent() && !model.isLocal(ip)) {
                    b.addRoute(Route.unicast(IpNet.host(ip), null, iface));
                    b.addAssumption(new Assumption("", ip + " routes out of " + iface + " (the witness's route: the bundle's"
                            + " route table is not encoded)"));
                }
            });
        }
        return new HostModelView(b.build());
    }
}
