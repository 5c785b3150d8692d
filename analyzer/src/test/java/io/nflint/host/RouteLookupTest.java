package io.nflint.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteLookupTest {

    private static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }

    private static IpNet net(String s) {
        return IpNet.parse(s).orElseThrow();
    }

    private static Route route(String dst, String gw, String dev, int metric) {
        return new Route(net(dst), gw == null ? null : ip(gw), dev, RouteType.UNICAST, null, metric, null, null);
    }

    private final HostModel host = HostModel.builder()
            .putInterface(new NetInterface("lo", 1, InterfaceKind.LOOPBACK, null,
                    List.of(new IfAddress(ip("127.0.0.1"), 8), new IfAddress(ip("::1"), 128)), true, null, null))
            .putInterface(new NetInterface("eth0", 2, InterfaceKind.OTHER, null,
                    List.of(new IfAddress(ip("192.0.2.10"), 24)), true, null, null))
            .putInterface(new NetInterface("eth1", 3, InterfaceKind.OTHER, null,
                    List.of(new IfAddress(ip("203.0.113.5"), 24)), false, null, null))
            .addRoute(route("0.0.0.0/0", "192.0.2.1", "eth0", 0))
            .addRoute(route("10.0.0.0/8", "192.0.2.2", "eth0", 0))
            .addRoute(route("10.1.0.0/16", "192.0.2.3", "eth0", 100))
            .addRoute(route("10.1.0.0/16", "192.0.2.4", "eth0", 50))
            .addRoute(route("192.0.2.0/24", null, "eth0", 0))
            .addRoute(new Route(net("10.66.0.0/16"), null, null, RouteType.BLACKHOLE, null, 0, null, null))
            .addRoute(new Route(net("10.77.0.0/16"), ip("192.0.2.9"), "eth0", RouteType.UNICAST, "100", 0, null, null))
            .addRoute(route("2001:db8::/32", "fe80::1", "eth0", 1024))
            .build();

    @Test
    void longestPrefixWinsThenLowestMetric() {
        assertThat(host.routeLookup(ip("10.2.3.4")).orElseThrow().gateway()).isEqualTo(ip("192.0.2.2"));
        assertThat(host.routeLookup(ip("10.1.3.4")).orElseThrow().gateway()).isEqualTo(ip("192.0.2.4"));
        assertThat(host.routeLookup(ip("8.8.8.8")).orElseThrow().gateway()).isEqualTo(ip("192.0.2.1"));
        assertThat(host.routeLookup(ip("192.0.2.77")).orElseThrow().gateway()).isNull();
        assertThat(host.routeLookup(ip("10.66.1.1")).orElseThrow().type().rejects()).isTrue();
        // other tables are not consulted without policy rules
        assertThat(host.routeLookup(ip("10.77.1.1")).orElseThrow().gateway()).isEqualTo(ip("192.0.2.2"));
    }

    @Test
    void familiesStaySeparate() {
        assertThat(host.routeLookup(ip("2001:db8::5")).orElseThrow().device()).isEqualTo("eth0");
        assertThat(host.routeLookup(ip("2001:dead::5"))).isEmpty();
    }

    @Test
    void localTableComesFirst() {
        Route r = host.routeLookup(ip("192.0.2.10")).orElseThrow();
        assertThat(r.type()).isEqualTo(RouteType.LOCAL);
        assertThat(r.device()).isEqualTo("eth0");
        assertThat(host.routeLookup(ip("127.9.9.9")).orElseThrow().device()).isEqualTo("lo");
        assertThat(host.routeLookup(ip("::1")).orElseThrow().type()).isEqualTo(RouteType.LOCAL);
        assertThat(host.routeLookup(ip("192.0.2.255")).orElseThrow().type()).isEqualTo(RouteType.BROADCAST);
        // an address on a down link is not local
        assertThat(host.isLocal(ip("203.0.113.5"))).isFalse();
        assertThat(host.localAddresses()).doesNotContain(ip("203.0.113.5"));
    }

    @Test
    void inferredFactsAreAddedImmutablyWithTheirReason() {
        HostModel empty = HostModel.empty();
        HostModel inferred = empty
                .withInferredInterface(NetInterface.named("docker0", InterfaceKind.BRIDGE)
                        .withAddresses(List.of(new IfAddress(ip("172.17.0.1"), 16))),
                        "docker0 with 172.17.0.1/16 inferred from -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE")
                .withInferredRoute(Route.unicast(net("172.17.0.0/16"), null, "docker0"),
                        "on-link route of docker0 inferred from its address");
        assertThat(empty.interfaces()).isEmpty();
        assertThat(inferred.isLocal(ip("172.17.0.1"))).isTrue();
        assertThat(inferred.routeLookup(ip("172.17.0.2")).orElseThrow().device()).isEqualTo("docker0");
        assertThat(inferred.assumptions()).extracting(Assumption::text).hasSize(2)
                .first().asString().contains("MASQUERADE");
        assertThat(inferred.assumptions()).allMatch(a -> a.file().isEmpty());
    }
}
