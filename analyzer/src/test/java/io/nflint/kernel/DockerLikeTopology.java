package io.nflint.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topology the corpus bundles were taken on, rebuilt without Docker:
 *
 * <pre>
 *  outside (out0 198.51.100.2/24, 172.16.0.0/12 via .1)
 *     |
 *  engine  (ext0 198.51.100.1/24, default via .2; bridges e.g. docker0 172.17.0.1/16)
 *     |  veth "v-&lt;container&gt;" (bridge port, engine side)
 *  container (eth0 172.17.0.2/16, default via the bridge gateway)
 * </pre>
 *
 * There is no docker-proxy: what the userland proxy answers on a real host (the engine's own
 * 127.0.0.1:8080, a container reaching its own published port without hairpin) is not answered here.
 */
public final class DockerLikeTopology {

    public static final String ENGINE = "engine";
    public static final String OUTSIDE = "outside";
    public static final String ENGINE_UPLINK = "198.51.100.1";
    public static final String OUTSIDE_ADDRESS = "198.51.100.2";

    record Bridge(String name, String gatewayCidr) {
        String gateway() {
            return gatewayCidr.substring(0, gatewayCidr.indexOf('/'));
        }

        String prefixLength() {
            return gatewayCidr.substring(gatewayCidr.indexOf('/'));
        }
    }

    record Container(String name, String bridge, String address, boolean hairpin) {
        String port() {
            String p = "v-" + name;
            return p.length() > 15 ? p.substring(0, 15) : p;
        }
    }

    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    private final List<Container> containers = new ArrayList<>();
    private boolean ipForward = true;
    private boolean bridgeNfCallIptables = true;
    private boolean outsideAcceptsLoopbackSource;

    public static DockerLikeTopology builder() {
        return new DockerLikeTopology();
    }

    /** Docker's default bridge: docker0 172.17.0.1/16. */
    public DockerLikeTopology defaultBridge() {
        return bridge("docker0", "172.17.0.1/16");
    }

    public DockerLikeTopology bridge(String name, String gatewayCidr) {
        bridges.put(name, new Bridge(name, gatewayCidr));
        return this;
    }

    /** A container with hairpin off on its bridge port (Docker's default, with the userland proxy on). */
    public DockerLikeTopology container(String name, String bridge, String address) {
        return container(name, bridge, address, false);
    }

    public DockerLikeTopology container(String name, String bridge, String address, boolean hairpin) {
        if (!bridges.containsKey(bridge)) {
            throw new IllegalArgumentException("declare bridge " + bridge + " before its containers");
        }
        containers.add(new Container(name, bridge, address, hairpin));
        return this;
    }

    public DockerLikeTopology ipForward(boolean on) {
        this.ipForward = on;
        return this;
    }

    public DockerLikeTopology bridgeNfCallIptables(boolean on) {
        this.bridgeNfCallIptables = on;
        return this;
    }

    /**
     * Lets the outside namespace send to 127.0.0.1 through the engine and accept replies from
     * 127.0.0.1 (a route in a policy table ahead of "local", plus route_localnet on out0): what a
     * neighbour on the same L2 segment can do to reach ports published on 127.0.0.1.
     */
    public DockerLikeTopology outsideRoutesLoopbackToEngine() {
        this.outsideAcceptsLoopbackSource = true;
        return this;
    }

    public Built build(KernelLab lab) {
        lab.addNamespace(ENGINE);
        lab.addNamespace(OUTSIDE);
        lab.addVeth(ENGINE, "ext0", OUTSIDE, "out0");
        lab.addAddress(ENGINE, "ext0", ENGINE_UPLINK + "/24");
        lab.addAddress(OUTSIDE, "out0", OUTSIDE_ADDRESS + "/24");
        lab.addRoute(ENGINE, "default", OUTSIDE_ADDRESS);
        lab.addRoute(OUTSIDE, "172.16.0.0/12", ENGINE_UPLINK);
        lab.setIpForward(ENGINE, ipForward);
        lab.setBridgeNfCallIptables(ENGINE, bridgeNfCallIptables);
        for (Bridge b : bridges.values()) {
            lab.addBridge(ENGINE, b.name());
            lab.addAddress(ENGINE, b.name(), b.gatewayCidr());
        }
        for (Container c : containers) {
            Bridge b = bridges.get(c.bridge());
            lab.addNamespace(c.name());
            lab.addVeth(ENGINE, c.port(), c.name(), "eth0");
            lab.attachToBridge(ENGINE, c.port(), c.bridge());
            lab.setHairpin(ENGINE, c.port(), c.hairpin());
            lab.addAddress(c.name(), "eth0", c.address() + b.prefixLength());
            lab.addRoute(c.name(), "default", b.gateway());
        }
        if (outsideAcceptsLoopbackSource) {
            // The "local" rule (pref 0) would deliver 127.0.0.1 locally; move it behind ours.
            lab.ip(OUTSIDE, "route", "add", "127.0.0.1/32", "via", ENGINE_UPLINK, "dev", "out0", "table", "100");
            lab.ip(OUTSIDE, "rule", "add", "to", "127.0.0.1", "lookup", "100", "pref", "10");
            lab.ip(OUTSIDE, "rule", "add", "pref", "100", "lookup", "local");
            lab.ip(OUTSIDE, "rule", "del", "pref", "0");
            lab.sysctl(OUTSIDE, "net.ipv4.conf.out0.route_localnet", "1");
        }
        return new Built(lab, this);
    }

    /** A built topology: the lab plus the names the tests need. */
    public record Built(KernelLab lab, DockerLikeTopology spec) {
        public void restoreEngine(String dump) {
            lab.restore(ENGINE, dump);
        }

        public String bridgePort(String container) {
            return spec.containers.stream().filter(c -> c.name().equals(container)).findFirst()
                    .orElseThrow().port();
        }
    }
}
