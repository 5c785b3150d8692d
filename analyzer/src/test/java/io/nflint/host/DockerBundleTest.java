package io.nflint.host;

import io.nflint.ir.PortRange;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DockerBundleTest {

    private static LoadedBundle bundle;
    private static HostModel host;

    @BeforeAll
    static void load() throws Exception {
        bundle = HostBundleLoader.load(Corpus.bundle("docker-20.10.24", "b-default-bridge-publish-8080"));
        host = bundle.host();
    }

    private static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }

    @Test
    void docker0IsABridgeWithItsAddressAndOneVethPort() {
        NetInterface docker0 = host.iface("docker0").orElseThrow();
        assertThat(docker0.kind()).isEqualTo(InterfaceKind.BRIDGE);
        assertThat(docker0.addresses()).contains(new IfAddress(ip("172.17.0.1"), 16));
        assertThat(docker0.up()).isTrue();
        assertThat(host.bridgePorts("docker0")).containsExactly("veth398ef3e");
        assertThat(host.bridgeOfInterface("veth398ef3e")).contains("docker0");
        assertThat(host.iface("veth398ef3e").orElseThrow().kind()).isEqualTo(InterfaceKind.VETH);
        assertThat(host.hairpin("veth398ef3e")).contains(false);
        assertThat(host.iface("lo").orElseThrow().kind()).isEqualTo(InterfaceKind.LOOPBACK);
    }

    @Test
    void containerWebWithItsAddressAndPublishedPort() {
        ContainerInfo web = host.container("web").orElseThrow();
        assertThat(web.engine()).isEqualTo("docker");
        assertThat(web.running()).isTrue();
        assertThat(web.id()).startsWith("6fbeb6cf0b8b");
        ContainerEndpoint e = web.endpoint("bridge").orElseThrow();
        assertThat(e.ipv4()).isEqualTo(ip("172.17.0.2"));
        assertThat(e.prefixLen4()).isEqualTo(16);
        assertThat(e.gateway4()).isEqualTo(ip("172.17.0.1"));
        assertThat(e.mac()).isEqualTo("02:42:ac:11:00:02");
        assertThat(e.ipv6()).isNull();

        assertThat(web.requestedPorts()).containsExactly(
                new PortBinding(null, PortRange.of(8080), PortRange.of(80), "tcp"));
        assertThat(web.publishedPorts()).containsExactly(
                new PortBinding(ip("0.0.0.0"), PortRange.of(8080), PortRange.of(80), "tcp"),
                new PortBinding(ip("::"), PortRange.of(8080), PortRange.of(80), "tcp"));
        assertThat(web.ports()).allSatisfy(p -> {
            assertThat(p.hostPorts().contains(8080)).isTrue();
            assertThat(p.containerPort()).isEqualTo(80);
            assertThat(p.allAddresses()).isTrue();
        });
        assertThat(host.containerOf(ip("172.17.0.2"))).contains(web);
    }

    @Test
    void defaultBridgeNetworkWithOptionsAndDerivedGateway() {
        NetworkInfo bridge = host.network("bridge").orElseThrow();
        assertThat(bridge.driver()).isEqualTo("bridge");
        assertThat(bridge.bridge()).isEqualTo("docker0");
        assertThat(bridge.internal()).isFalse();
        assertThat(bridge.enableIpMasquerade()).isTrue();
        assertThat(bridge.enableIcc()).isTrue();
        assertThat(bridge.hostBindingIpv4()).contains(ip("0.0.0.0"));
        // IPAM leaves the gateway out for the default bridge; it is docker0's address
        assertThat(bridge.subnets()).containsExactly(
                new NetworkSubnet(IpNet.parse("172.17.0.0/16").orElseThrow(), ip("172.17.0.1")));
        assertThat(host.networkOfBridge("docker0")).contains(bridge);
        assertThat(host.network("host").orElseThrow().bridge()).isNull();
    }

    @Test
    void sysctlsAreGiven() {
        Sysctls s = host.sysctls();
        assertThat(s.ipForward()).isTrue();
        assertThat(s.ipForwardSetting().given()).isTrue();
        assertThat(s.bridgeNfCallIptables()).isTrue();
        assertThat(s.ipv6Forwarding()).isFalse();
        assertThat(s.ipv6ForwardingSetting().given()).isTrue();
        assertThat(s.routeLocalnet("docker0")).isFalse();
        assertThat(s.raw()).containsEntry("net.ipv4.conf.docker0.route_localnet", "0");
        assertThat(host.assumptions()).noneMatch(a -> a.file().equals("sysctl.txt"));
    }

    @Test
    void routesAndLookups() {
        assertThat(host.routes(false)).hasSize(3);
        Route def = host.routeLookup(ip("8.8.8.8")).orElseThrow();
        assertThat(def.destination().isAny()).isTrue();
        assertThat(def.gateway()).isEqualTo(ip("198.51.100.2"));
        assertThat(def.device()).isEqualTo("ext0");

        Route container = host.routeLookup(ip("172.17.0.2")).orElseThrow();
        assertThat(container.device()).isEqualTo("docker0");
        assertThat(container.gateway()).isNull();
        assertThat(container.prefSrc()).isEqualTo(ip("172.17.0.1"));

        Route local = host.routeLookup(ip("198.51.100.1")).orElseThrow();
        assertThat(local.type()).isEqualTo(RouteType.LOCAL);
        assertThat(local.device()).isEqualTo("ext0");
        assertThat(host.routeLookup(ip("127.0.0.53")).orElseThrow().type()).isEqualTo(RouteType.LOCAL);
        assertThat(host.routeLookup(ip("172.17.255.255")).orElseThrow().type()).isEqualTo(RouteType.BROADCAST);

        assertThat(host.isLocal(ip("172.17.0.1"))).isTrue();
        assertThat(host.isLocal(ip("127.1.2.3"))).isTrue();
        assertThat(host.isLocal(ip("172.17.0.2"))).isFalse();
        assertThat(host.localAddresses()).contains(ip("127.0.0.1"), ip("198.51.100.1"), ip("172.17.0.1"), ip("::1"));
        assertThat(host.interfaceOf(ip("172.17.0.1"))).map(NetInterface::name).contains("docker0");
        // only link-local IPv6 routes here: a global v6 destination has no route
        assertThat(host.routeLookup(ip("2001:db8::1"))).isEmpty();
        assertThat(host.routeLookup(ip("fe80::1"))).isPresent();
    }

    @Test
    void dockerProxyListensOn8080() {
        assertThat(host.listeners()).contains(
                new Listener("tcp", ip("0.0.0.0"), 8080, null, "docker-proxy", 24653),
                new Listener("tcp", ip("::"), 8080, null, "docker-proxy", 24658));
        assertThat(host.listenersFor("tcp", ip("198.51.100.1"), 8080))
                .extracting(Listener::process).contains("docker-proxy");
        assertThat(host.listenersFor("tcp", ip("198.51.100.1"), 2222)).isEmpty();
    }

    @Test
    void ipsetFileIsEmptyButPresent() {
        assertThat(host.ipsets().all()).isEmpty();
        assertThat(host.ipsets().contains("docker-ext-bridges-v4", ip("172.17.0.2"))).isEmpty();
        assertThat(host.assumptions()).noneMatch(a -> a.file().equals("ipset.save"));
    }
}
