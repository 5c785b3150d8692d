package io.nflint.symbolic.z3;

import io.nflint.host.ContainerEndpoint;
import io.nflint.host.ContainerInfo;
import io.nflint.host.HostModel;
import io.nflint.ir.Ip;
import io.nflint.walk.HostModelView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hairpin mode on one bridge as the walker reads it: a packet arriving on the bridge whose
 * destination is behind the port it came in on (the container's own address) goes back out of that
 * port only with hairpin mode on, else the bridge drops it before routing. {@code known} maps each
 * container address whose port the host names to that port's hairpin mode; an address behind no
 * named port has a port of its own with mode {@code others} (off when the bundle does not say: the
 * kernel default). One address per port is assumed (a container has one address per network).
 */
record BridgeHairpin(Map<Ip, Boolean> known, boolean others) {

    BridgeHairpin {
        known = Map.copyOf(known);
    }

    /** The hairpin facts of each of {@code bridges} on {@code host}, for one family. */
    static Map<String, BridgeHairpin> of(HostModel host, java.util.Collection<String> bridges, boolean v6) {
        HostModelView view = new HostModelView(host);
        Map<String, BridgeHairpin> out = new LinkedHashMap<>();
        for (String bridge : bridges) {
            Map<Ip, Boolean> known = new LinkedHashMap<>();
            for (ContainerInfo c : host.containers()) {
                for (ContainerEndpoint e : c.endpoints()) {
                    Ip a = v6 ? e.ipv6() : e.ipv4();
                    if (a == null) {
                        continue;
                    }
                    Optional<String> port = view.portFor(bridge, a);
                    port.ifPresent(p -> known.putIfAbsent(a, view.hairpin(bridge, p).orElse(false)));
                }
            }
            // the walker names a port it cannot find after the bridge and the address
            boolean others = view.hairpin(bridge, bridge + "-port(?)").orElse(false);
            out.put(bridge, new BridgeHairpin(known, others));
        }
        return out;
    }

    /** Whether the bridge drops a packet from {@code src} back to {@code src}'s own port. */
    List<Ip> droppingAddresses() {
        return known.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).sorted().toList();
    }
}
