package io.nflint.host;

import io.nflint.ir.PortRange;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import org.junit.jupiter.api.Test;

class PodmanBundleTest {

    private static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }

    @Test
    void netavarkDefaultNetworkPublish8080() throws Exception {
        HostModel host = HostBundleLoader.load(Corpus.bundle("podman-4.3.1", "netavark-b-default-net-publish-8080")).host();

        NetworkInfo podman = host.network("podman").orElseThrow();
        assertThat(podman.engine()).isEqualTo("podman");
        assertThat(podman.bridge()).isEqualTo("podman0");
        assertThat(podman.subnets()).containsExactly(
                new NetworkSubnet(IpNet.parse("10.88.0.0/16").orElseThrow(), ip("10.88.0.1")));
        assertThat(podman.internal()).isFalse();

        ContainerInfo web = host.container("web").orElseThrow();
        assertThat(web.engine()).isEqualTo("podman");
        assertThat(web.running()).isTrue();
        assertThat(web.endpoint("podman").orElseThrow().ipv4()).isEqualTo(ip("10.88.0.2"));
        assertThat(web.ports()).containsExactly(
                new PortBinding(null, PortRange.of(8080), PortRange.of(80), "tcp"));

        assertThat(host.iface("podman0").orElseThrow().kind()).isEqualTo(InterfaceKind.BRIDGE);
        assertThat(host.bridgePorts("podman0")).containsExactly("veth0");
        assertThat(host.hairpin("veth0")).contains(false);
        assertThat(host.sysctls().routeLocalnet("podman0")).isTrue();
        assertThat(host.sysctls().routeLocalnet("ext0")).isFalse();
        assertThat(host.listeners()).containsExactly(new Listener("tcp", ip("0.0.0.0"), 8080, null, "conmon", 16263));
        assertThat(host.routeLookup(ip("10.88.0.2")).orElseThrow().device()).isEqualTo("podman0");
    }

    @Test
    void cniUserNetworkPlusDefault() throws Exception {
        HostModel host = HostBundleLoader.load(Corpus.bundle("podman-4.3.1", "cni-d-user-net-appnet-plus-default")).host();

        assertThat(host.networks()).extracting(NetworkInfo::name, NetworkInfo::bridge)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("appnet", "cni-podman1"),
                        org.assertj.core.groups.Tuple.tuple("podman", "cni-podman0"));
        ContainerInfo app = host.container("app").orElseThrow();
        assertThat(app.endpoint("appnet").orElseThrow().ipv4()).isEqualTo(ip("172.30.0.2"));
        assertThat(app.endpoint("appnet").orElseThrow().gateway4()).isEqualTo(ip("172.30.0.1"));
        assertThat(app.ports()).extracting(PortBinding::toString).containsExactly("8443->443/tcp");
        assertThat(host.container("legacy").orElseThrow().ports()).isEmpty();
        assertThat(host.iface("cni-podman1").orElseThrow().kind()).isEqualTo(InterfaceKind.BRIDGE);
    }

    @Test
    void internalNetworkFlag() throws Exception {
        HostModel host = HostBundleLoader.load(Corpus.bundle("podman-4.3.1", "netavark-g-internal-network")).host();
        assertThat(host.network("internalnet").orElseThrow().internal()).isTrue();
        assertThat(host.network("podman").orElseThrow().internal()).isFalse();
        assertThat(host.listeners()).extracting(Listener::process).contains("aardvark-dns", "conmon");
    }
}
