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
 * With {@link #ipv6()} the same again in IPv6: ext0 2001:db8:1::1/64 (default via ::2), out0
 * 2001:db8:1::2/64 (fd00::/8 via ::1), bridges and containers with the addresses given by
 * {@link #bridge6} and {@link #container6}, IPv6 forwarding on.
 *
 * There is no docker-proxy: what the userland proxy answers on a real host (the engine's own
 * 127.0.0.1:8080, a container reaching its own published port without hairpin) is not answered here.
 */
public final class DockerLikeTopology {

    public static final String ENGINE = "engine";
    public static final String OUTSIDE = "outside";
    public static final String ENGINE_UPLINK = "198.51.100.1";
    public static final String OUTSIDE_ADDRESS = "198.51.100.2";
    public static final String ENGINE_UPLINK6 = "2001:db8:1::1";
    public static final String OUTSIDE_ADDRESS6 = "2001:db8:1::2";

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

    /**
     * The MAC Docker before 25.0 gave a container: 02:42 and the four bytes of its IPv4 address. The
     * lab sets it, so a test's host model can name it as inspect output would.
     */
    public static String dockerMac(String ipv4) {
        String[] b = ipv4.split("\\.");
        return String.format(java.util.Locale.ROOT, "02:42:%02x:%02x:%02x:%02x",
                Integer.parseInt(b[0]), Integer.parseInt(b[1]), Integer.parseInt(b[2]), Integer.parseInt(b[3]));
    }

    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    private final List<Container> containers = new ArrayList<>();
    private boolean ipForward = true;
    private boolean bridgeNfCallIptables = true;
    private boolean outsideAcceptsLoopbackSource;
    private boolean ipv6;
    private final Map<String, String> bridge6 = new LinkedHashMap<>();
    private final Map<String, String> container6 = new LinkedHashMap<>();
    private final List<String> uplinkAliases = new ArrayList<>();
    private final List<String> outsideAliases = new ArrayList<>();

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

    /** IPv6 on the uplink, forwarding on; bridges and containers get IPv6 addresses from bridge6/container6. */
    public DockerLikeTopology ipv6() {
        this.ipv6 = true;
        return this;
    }

    /** An IPv6 gateway address for a declared bridge, e.g. "fd00:17::1/64". */
    public DockerLikeTopology bridge6(String name, String gatewayCidr6) {
        if (!bridges.containsKey(name)) {
            throw new IllegalArgumentException("declare bridge " + name + " first");
        }
        ipv6 = true;
        bridge6.put(name, gatewayCidr6);
        return this;
    }

    /** An IPv6 address for a declared container, on its bridge's IPv6 subnet. */
    public DockerLikeTopology container6(String name, String address6) {
        ipv6 = true;
        container6.put(name, address6);
        return this;
    }

    /** More addresses on the engine's ext0 ("198.51.100.11/24", "2001:db8:1::11/64"). */
    public DockerLikeTopology uplinkAlias(String cidr) {
        uplinkAliases.add(cidr);
        return this;
    }

    /** More addresses on the outside's out0. */
    public DockerLikeTopology outsideAlias(String cidr) {
        outsideAliases.add(cidr);
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
        if (ipv6) {
            lab.addAddress(ENGINE, "ext0", ENGINE_UPLINK6 + "/64");
            lab.addAddress(OUTSIDE, "out0", OUTSIDE_ADDRESS6 + "/64");
            lab.addRoute(ENGINE, "default", OUTSIDE_ADDRESS6);
            lab.addRoute(OUTSIDE, "fd00::/8", ENGINE_UPLINK6);
            lab.setIp6Forward(ENGINE, ipForward);
            lab.setBridgeNfCallIp6tables(ENGINE, bridgeNfCallIptables);
        }
        lab.setBridgeNfCallIptables(ENGINE, bridgeNfCallIptables);
        uplinkAliases.forEach(a -> lab.addAddress(ENGINE, "ext0", a));
        outsideAliases.forEach(a -> lab.addAddress(OUTSIDE, "out0", a));
        for (Bridge b : bridges.values()) {
            lab.addBridge(ENGINE, b.name());
            lab.addAddress(ENGINE, b.name(), b.gatewayCidr());
            if (bridge6.containsKey(b.name())) {
                lab.addAddress(ENGINE, b.name(), bridge6.get(b.name()));
            }
        }
        for (Container c : containers) {
            Bridge b = bridges.get(c.bridge());
            lab.addNamespace(c.name());
            lab.addVeth(ENGINE, c.port(), c.name(), "eth0");
            lab.ip(c.name(), "link", "set", "eth0", "address", dockerMac(c.address()));
            lab.attachToBridge(ENGINE, c.port(), c.bridge());
            lab.setHairpin(ENGINE, c.port(), c.hairpin());
            lab.addAddress(c.name(), "eth0", c.address() + b.prefixLength());
            lab.addRoute(c.name(), "default", b.gateway());
            String a6 = container6.get(c.name());
            String g6 = bridge6.get(c.bridge());
            if (a6 != null && g6 != null) {
                lab.addAddress(c.name(), "eth0", a6 + g6.substring(g6.indexOf('/')));
                lab.addRoute(c.name(), "default", g6.substring(0, g6.indexOf('/')));
            }
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

        public void restoreEngine6(String dump) {
            lab.restore6(ENGINE, dump);
        }

        public void restoreEngineEbtables(String dump) {
            lab.restoreEbtables(ENGINE, dump);
        }

        public String bridgePort(String container) {
            return spec.containers.stream().filter(c -> c.name().equals(container)).findFirst()
                    .orElseThrow().port();
        }
    }
}
