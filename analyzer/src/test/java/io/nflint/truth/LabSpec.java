package io.nflint.truth;

import io.nflint.host.BridgePort;
import io.nflint.host.ContainerEndpoint;
import io.nflint.host.ContainerInfo;
import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.InterfaceKind;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.host.RouteType;
import io.nflint.host.Sysctls;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.kernel.DockerLikeTopology;
import io.nflint.kernel.Proto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One kernel-lab topology, described once and turned both into the {@link DockerLikeTopology} the
 * kernel runs and into the {@link HostModel} the walker runs on, so the two cannot drift apart.
 */
final class LabSpec {

    record Bridge(String name, String cidr) {
        Ip gateway() {
            return GroundTruth.ip(cidr.substring(0, cidr.indexOf('/')));
        }

        int prefix() {
            return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        }
    }

    record Container(String name, String bridge, String address, boolean hairpin) {
        /** The engine-side veth name DockerLikeTopology gives the container's bridge port. */
        String port() {
            String p = "v-" + name;
            return p.length() > 15 ? p.substring(0, 15) : p;
        }
    }

    record Listen(String ns, Proto proto, int port, boolean v6) {
    }

    final Map<String, Bridge> bridges = new LinkedHashMap<>();
    /** IPv6 (topology {@code ipv6()}): each bridge's IPv6 gateway/prefix, each container's IPv6 address. */
    final Map<String, Bridge> bridges6 = new LinkedHashMap<>();
    final Map<String, String> containers6 = new LinkedHashMap<>();
    boolean ipv6;
    /** Extra addresses of the engine's ext0 and of the outside's out0 (CIDR text). */
    final List<String> uplinkAliases = new ArrayList<>();
    final List<String> outsideAliases = new ArrayList<>();
    final List<Container> containers = new ArrayList<>();
    final List<Listen> listens = new ArrayList<>();
    boolean ipForward = true;
    boolean bridgeNf = true;
    boolean loopbackTrick;

    /** Docker's default bridge with web 172.17.0.2 (tcp/80, tcp/2222) and the outside's tcp/7000, udp/7001. */
    static LabSpec oneWeb() {
        return new LabSpec().bridge("docker0", "172.17.0.1/16").container("web", "docker0", "172.17.0.2", false)
                .listen("web", Proto.TCP, 80).listen("web", Proto.TCP, 2222)
                .listen(DockerLikeTopology.OUTSIDE, Proto.TCP, 7000).listen(DockerLikeTopology.OUTSIDE, Proto.UDP, 7001);
    }

    LabSpec bridge(String name, String cidr) {
        bridges.put(name, new Bridge(name, cidr));
        return this;
    }

    LabSpec container(String name, String bridge, String address, boolean hairpin) {
        containers.add(new Container(name, bridge, address, hairpin));
        return this;
    }

    LabSpec listen(String ns, Proto proto, int port) {
        listens.add(new Listen(ns, proto, port, false));
        return this;
    }

    LabSpec listen6(String ns, Proto proto, int port) {
        listens.add(new Listen(ns, proto, port, true));
        return this;
    }

    void startListeners(io.nflint.kernel.KernelLab lab) {
        for (Listen l : listens) {
            if (l.v6()) {
                lab.listen6(l.ns(), l.proto(), l.port());
            } else {
                lab.listen(l.ns(), l.proto(), l.port());
            }
        }
    }

    /** IPv6 on the uplink and on the bridge/containers given (see DockerLikeTopology#ipv6). */
    LabSpec ipv6() {
        ipv6 = true;
        return this;
    }

    LabSpec bridge6(String name, String cidr6) {
        ipv6 = true;
        bridges6.put(name, new Bridge(name, cidr6));
        return this;
    }

    LabSpec container6(String name, String address6) {
        ipv6 = true;
        containers6.put(name, address6);
        return this;
    }

    LabSpec uplinkAlias(String cidr) {
        uplinkAliases.add(cidr);
        return this;
    }

    LabSpec outsideAlias(String cidr) {
        outsideAliases.add(cidr);
        return this;
    }

    /** Whether the outside namespace owns {@code ip}. */
    boolean outsideOwns(Ip ip) {
        if (ip.equals(GroundTruth.ip(DockerLikeTopology.OUTSIDE_ADDRESS)) || ip.equals(GroundTruth.ip(DockerLikeTopology.OUTSIDE_ADDRESS6))) {
            return true;
        }
        return outsideAliases.stream().anyMatch(a -> GroundTruth.ip(a.substring(0, a.indexOf('/'))).equals(ip));
    }

    LabSpec ipForward(boolean on) {
        ipForward = on;
        return this;
    }

    LabSpec bridgeNf(boolean on) {
        bridgeNf = on;
        return this;
    }

    LabSpec hairpin(boolean on) {
        List<Container> all = new ArrayList<>(containers);
        containers.clear();
        all.forEach(c -> containers.add(new Container(c.name(), c.bridge(), c.address(), on)));
        return this;
    }

    LabSpec loopbackTrick() {
        loopbackTrick = true;
        return this;
    }

    DockerLikeTopology topology() {
        DockerLikeTopology t = DockerLikeTopology.builder();
        bridges.values().forEach(b -> t.bridge(b.name(), b.cidr()));
        containers.forEach(c -> t.container(c.name(), c.bridge(), c.address(), c.hairpin()));
        t.ipForward(ipForward).bridgeNfCallIptables(bridgeNf);
        if (ipv6) {
            t.ipv6();
        }
        bridges6.values().forEach(b -> t.bridge6(b.name(), b.cidr()));
        uplinkAliases.forEach(t::uplinkAlias);
        outsideAliases.forEach(t::outsideAlias);
        containers6.forEach(t::container6);
        if (loopbackTrick) {
            t.outsideRoutesLoopbackToEngine();
        }
        return t;
    }

    /** The engine namespace exactly as {@link DockerLikeTopology#build} makes it. */
    HostModel hostModel() {
        HostModel.Builder b = HostModel.builder();
        b.putInterface(new NetInterface("lo", 1, InterfaceKind.LOOPBACK, null,
                List.of(new IfAddress(GroundTruth.ip("127.0.0.1"), 8)), true, null, null));
        Ip uplink = GroundTruth.ip(DockerLikeTopology.ENGINE_UPLINK);
        List<IfAddress> ext = new ArrayList<>(List.of(new IfAddress(uplink, 24)));
        b.addRoute(new Route(IpNet.of(uplink, 24), null, "ext0", RouteType.UNICAST, Route.MAIN, 0, uplink, "link"));
        b.addRoute(Route.unicast(IpNet.any(false), GroundTruth.ip(DockerLikeTopology.OUTSIDE_ADDRESS), "ext0"));
        if (ipv6) {
            Ip uplink6 = GroundTruth.ip(DockerLikeTopology.ENGINE_UPLINK6);
            ext.add(new IfAddress(uplink6, 64));
            b.addRoute(new Route(IpNet.of(uplink6, 64), null, "ext0", RouteType.UNICAST, Route.MAIN, 256, null, "link"));
            b.addRoute(Route.unicast(IpNet.any(true), GroundTruth.ip(DockerLikeTopology.OUTSIDE_ADDRESS6), "ext0"));
        }
        for (String alias : uplinkAliases) {
            Ip a = GroundTruth.ip(alias.substring(0, alias.indexOf('/')));
            // a second address in a subnet ext0 already has: the kernel makes an IPv4 one secondary
            ext.add(new IfAddress(a, Integer.parseInt(alias.substring(alias.indexOf('/') + 1)), !a.v6(), IfAddress.SCOPE_GLOBAL));
        }
        b.putInterface(new NetInterface("ext0", 2, InterfaceKind.VETH, null, ext, true, null, null));
        int index = 3;
        for (Bridge br : bridges.values()) {
            List<IfAddress> addrs = new ArrayList<>(List.of(new IfAddress(br.gateway(), br.prefix())));
            b.addRoute(new Route(IpNet.of(br.gateway(), br.prefix()), null, br.name(), RouteType.UNICAST, Route.MAIN, 0,
                    br.gateway(), "link"));
            Bridge v6 = bridges6.get(br.name());
            if (v6 != null) {
                addrs.add(new IfAddress(v6.gateway(), v6.prefix()));
                b.addRoute(new Route(IpNet.of(v6.gateway(), v6.prefix()), null, br.name(), RouteType.UNICAST, Route.MAIN, 256,
                        null, "link"));
            }
            b.putInterface(new NetInterface(br.name(), index++, InterfaceKind.BRIDGE, null, addrs, true, null, null));
        }
        for (Container c : containers) {
            Bridge br = bridges.get(c.bridge());
            b.putInterface(new NetInterface(c.port(), index++, InterfaceKind.VETH, c.bridge(), List.of(), true,
                    c.hairpin(), null));
            // what bridge fdb shows once the container has sent a frame: its MAC behind its port
            b.addBridgePort(new BridgePort(c.port(), c.bridge(), c.hairpin(), "forwarding", false,
                    List.of(DockerLikeTopology.dockerMac(c.address()))));
            String a6 = containers6.get(c.name());
            Bridge br6 = bridges6.get(c.bridge());
            boolean has6 = a6 != null && br6 != null;
            b.addContainer(new ContainerInfo("docker", c.name(), c.name(), true, c.bridge(),
                    List.of(new ContainerEndpoint(c.bridge(), GroundTruth.ip(c.address()), br.prefix(), br.gateway(),
                            has6 ? GroundTruth.ip(a6) : null, has6 ? br6.prefix() : 0, has6 ? br6.gateway() : null,
                            DockerLikeTopology.dockerMac(c.address()))),
                    List.of(), List.of()));
        }
        b.sysctls(Sysctls.of(Map.of(Sysctls.IP_FORWARD, ipForward ? "1" : "0",
                Sysctls.IPV6_ALL_FORWARDING, ipv6 && ipForward ? "1" : "0",
                Sysctls.BRIDGE_NF_CALL_IPTABLES, bridgeNf ? "1" : "0", Sysctls.BRIDGE_NF_CALL_IP6TABLES, bridgeNf ? "1" : "0",
                Sysctls.ALL_ROUTE_LOCALNET, "0")));
        return b.build();
    }

    Container container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    Container containerAt(Ip address) {
        return containers.stream().filter(c -> GroundTruth.ip(c.address()).equals(address)
                || containers6.containsKey(c.name()) && GroundTruth.ip(containers6.get(c.name())).equals(address))
                .findFirst().orElse(null);
    }

    /** The container's address in the family of {@code v6}. */
    Ip containerAddress(Container c, boolean v6) {
        return GroundTruth.ip(v6 ? containers6.get(c.name()) : c.address());
    }

    boolean listens(String ns, Proto proto, int port, boolean v6) {
        return listens.stream().anyMatch(l -> l.ns().equals(ns) && l.proto() == proto && l.port() == port && l.v6() == v6);
    }
}
