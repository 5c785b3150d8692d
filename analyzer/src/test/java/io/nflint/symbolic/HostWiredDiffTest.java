package io.nflint.symbolic;

import io.nflint.host.BridgePort;
import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.InterfaceKind;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.host.Sysctls;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden diffs with host models: routes and local addresses come from the host, and frames bridged
 * between two ports of a bridge are an entry point of their own (ebtables and br_netfilter's iptables).
 */
class HostWiredDiffTest extends WithEngine {


    static Ruleset parse(String name, String text) {
        return DumpParser.parse(name, text, ParseOptions.DETECT);
    }

    static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }

    static IpNet net(String s, int len) {
        return IpNet.of(ip(s), len);
    }

    static NetInterface iface(String name, InterfaceKind kind, String master, String addr, int len) {
        List<IfAddress> addrs = addr == null ? List.of() : List.of(new IfAddress(ip(addr), len));
        return new NetInterface(name, 0, kind, master, addrs, true, null, null);
    }

    /** eth0 192.0.2.10/24 (default via .1), eth1 198.51.100.1/24, br0 10.0.0.1/24 with ports veth1 and veth2. */
    static HostModel.Builder host() {
        return HostModel.builder()
                .putInterface(iface("lo", InterfaceKind.LOOPBACK, null, "127.0.0.1", 8))
                .putInterface(iface("eth0", InterfaceKind.OTHER, null, "192.0.2.10", 24))
                .putInterface(iface("eth1", InterfaceKind.OTHER, null, "198.51.100.1", 24))
                .putInterface(iface("eth2", InterfaceKind.OTHER, null, null, 0))
                .putInterface(iface("br0", InterfaceKind.BRIDGE, null, "10.0.0.1", 24))
                .putInterface(iface("veth1", InterfaceKind.VETH, "br0", null, 0))
                .putInterface(iface("veth2", InterfaceKind.VETH, "br0", null, 0))
                .addBridgePort(new BridgePort("veth1", "br0", false, "forwarding", false))
                .addBridgePort(new BridgePort("veth2", "br0", false, "forwarding", false))
                .addRoute(Route.unicast(IpNet.any(false), ip("192.0.2.1"), "eth0"))
                .addRoute(Route.unicast(net("192.0.2.0", 24), null, "eth0"))
                .addRoute(Route.unicast(net("198.51.100.0", 24), null, "eth1"))
                .addRoute(Route.unicast(net("10.0.0.0", 24), null, "br0"));
    }

    private static final String PHYSDEV = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -m physdev --physdev-in veth1 --physdev-out veth2 -p tcp -m tcp --dport 80 -j ACCEPT
            COMMIT
            """;

    @Test
    void hairpinPortsAreNamedAsNotCompared() {
        HostModel plain = host().build();
        HostModel hairpin = plain.toBuilder()
                .addBridgePort(new BridgePort("veth3", "br0", true, "forwarding", false)).build();
        String changed = PHYSDEV.replace("--dport 80", "--dport 8080");
        SemanticDiff d = engine.diff(parse("a", PHYSDEV), parse("b", changed), 1, new DiffContext(hairpin, hairpin, null, null));
        assertThat(d.notes()).anyMatch(n -> n.startsWith("bridge ports in hairpin mode (veth3)"));
        SemanticDiff none = engine.diff(parse("a", PHYSDEV), parse("b", changed), 1, new DiffContext(plain, plain, null, null));
        assertThat(none.notes()).noneMatch(n -> n.contains("hairpin"));
    }

    @Test
    void aRuleOnlyBridgedTrafficMeetsGivesBridgedDifferencesWithExactWitnesses() {
        HostModel h = host().build();
        SemanticDiff d = engine.diff(parse("a", PHYSDEV), parse("b", PHYSDEV.replace("--dport 80", "--dport 8080")), 3,
                new DiffContext(h, h, null, null));
        assertThat(d.differences()).isNotEmpty();
        for (SemanticDiff.Difference x : d.differences()) {
            assertThat(x.entry()).isEqualTo("bridged");
            assertThat(x.mayOnly()).isFalse();
            assertThat(x.witness().inIface()).isEqualTo("veth1");
            assertThat(x.witness().outIface()).isEqualTo("veth2");
            assertThat(x.witness().proto()).isEqualTo(6);
            assertThat(x.witness().dport()).isIn(80, 8080);
            // on the bridge's link: another host behind the bridge, not the host itself
            assertThat(net("10.0.0.0", 24).contains(x.witness().dst())).isTrue();
            assertThat(x.witness().dst()).isNotEqualTo(ip("10.0.0.1"));
            boolean port80 = x.witness().dport() == 80;
            assertThat(x.oldOutcome().verdict()).isEqualTo(port80 ? "ACCEPT" : "DROP");
            assertThat(x.newOutcome().verdict()).isEqualTo(port80 ? "DROP" : "ACCEPT");
            assertThat((port80 ? x.oldOutcome() : x.newOutcome()).trace()).containsExactly("filter:FORWARD:rule:1");
            assertThat(x.confirmed()).as("replayed by the walker: %s", x.replay()).isTrue();
        }
    }

    @Test
    void withoutBridgeNfCallIptablesTheSameChangeIsInvisible() {
        HostModel h = host().sysctls(Sysctls.of(Map.of(Sysctls.BRIDGE_NF_CALL_IPTABLES, "0"))).build();
        SemanticDiff d = engine.diff(parse("a", PHYSDEV), parse("b", PHYSDEV.replace("--dport 80", "--dport 8080")), 3,
                new DiffContext(h, h, null, null));
        assertThat(d.differences()).isEmpty();
    }

    @Test
    void withoutAHostPhysdevOnRoutedPacketsStaysOpenButBridgedFramesAreExact() {
        SemanticDiff d = engine.diff(parse("a", PHYSDEV), parse("b", PHYSDEV.replace("--dport 80", "--dport 8080")), 6);
        assertThat(d.differences()).anyMatch(x -> x.entry().equals("bridged") && !x.mayOnly());
        // a routed packet may have come in through a bridge port: only a "may"
        assertThat(d.differences()).filteredOn(x -> !x.entry().equals("bridged")).allMatch(SemanticDiff.Difference::mayOnly);
        assertThat(d.notes()).anyMatch(n -> n.contains("arbitrary routing"));
    }

    /** iptables rules that let everything through: the ebtables rules alone decide. */
    private static final String OPEN_IP = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            COMMIT
            """;

    @Test
    void anEbtablesChangeIsABridgedDifferenceWithTheEbtablesTrace() {
        String eb = """
                *filter
                :INPUT ACCEPT
                :FORWARD ACCEPT
                :OUTPUT ACCEPT
                -A FORWARD -p IPv4 -i veth1 --ip-proto tcp --ip-dport 22 -j DROP
                """;
        HostModel h = host().build();
        SemanticDiff d = engine.diff(parse("a", OPEN_IP), parse("b", OPEN_IP), 2,
                new DiffContext(h, h, parse("eb-a", eb), parse("eb-b", eb.replace("--ip-dport 22", "--ip-dport 23"))));
        assertThat(d.differences()).isNotEmpty();
        for (SemanticDiff.Difference x : d.differences()) {
            assertThat(x.entry()).isEqualTo("bridged");
            assertThat(x.mayOnly()).isFalse();
            assertThat(x.witness().inIface()).isEqualTo("veth1");
            assertThat(x.witness().proto()).isEqualTo(6);
            assertThat(x.witness().dport()).isIn(22, 23);
            boolean port22 = x.witness().dport() == 22;
            assertThat(x.oldOutcome().verdict()).isEqualTo(port22 ? "DROP" : "ACCEPT");
            assertThat(x.newOutcome().verdict()).isEqualTo(port22 ? "ACCEPT" : "DROP");
            assertThat((port22 ? x.oldOutcome() : x.newOutcome()).trace()).containsExactly("eb:filter:FORWARD:rule:1");
            assertThat(x.confirmed()).as("replayed by the walker: %s", x.replay()).isTrue();
        }
    }

    @Test
    void anEbtablesUserChainPolicyDecidesWhatFallsOffIt() {
        String eb = """
                *filter
                :INPUT ACCEPT
                :FORWARD ACCEPT
                :OUTPUT ACCEPT
                :GUARD DROP
                -A FORWARD -p IPv4 -i veth1 -j GUARD
                -A GUARD -p IPv4 --ip-proto tcp --ip-dport 443 -j ACCEPT
                """;
        HostModel h = host().build();
        SemanticDiff d = engine.diff(parse("a", OPEN_IP), parse("b", OPEN_IP), 2,
                new DiffContext(h, h, parse("eb-a", eb), parse("eb-b", eb.replace(":GUARD DROP", ":GUARD RETURN"))));
        assertThat(d.differences()).isNotEmpty();
        for (SemanticDiff.Difference x : d.differences()) {
            assertThat(x.entry()).isEqualTo("bridged");
            assertThat(x.witness().proto() == 6 && x.witness().dport() == 443).as("tcp/443 is accepted by GUARD").isFalse();
            assertThat(x.oldOutcome().verdict()).isEqualTo("DROP");
            assertThat(x.newOutcome().verdict()).isEqualTo("ACCEPT");
            assertThat(x.confirmed()).as("replayed by the walker: %s", x.replay()).isTrue();
        }
    }

    private static final String OUT_ETH1 = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -o eth1 -j ACCEPT
            COMMIT
            """;

    /** With forwarding off (the kernel's default, and a host model's when its sysctls do not say) nothing is routed. */
    @Test
    void aHostThatDoesNotForwardDropsWhatItWouldRoute() {
        HostModel before = host().addRoute(Route.unicast(net("10.1.0.0", 16), ip("198.51.100.2"), "eth1")).build();
        HostModel after = host().addRoute(Route.unicast(net("10.1.0.0", 16), null, "eth2")).build();
        SemanticDiff d = engine.diff(parse("a", OUT_ETH1), parse("b", OUT_ETH1), 3, new DiffContext(before, after, null, null));
        assertThat(d.differences()).noneMatch(x -> x.entry().equals("routed")).anyMatch(x -> x.entry().equals("local-out"));
        for (SemanticDiff.Difference x : d.differences()) {
            assertThat(x.confirmed()).as("replayed by the walker: %s", x.replay()).isTrue();
        }
    }

    @Test
    void aRouteChangeInTheHostModelChangesTheForwardingVerdict() {
        // a router: ip_forward on (a host model's default is the kernel's, off)
        Sysctls forwards = Sysctls.of(Map.of(Sysctls.IP_FORWARD, "1"));
        HostModel before = host().sysctls(forwards).addRoute(Route.unicast(net("10.1.0.0", 16), ip("198.51.100.2"), "eth1")).build();
        HostModel after = host().sysctls(forwards).addRoute(Route.unicast(net("10.1.0.0", 16), null, "eth2")).build();
        SemanticDiff d = engine.diff(parse("a", OUT_ETH1), parse("b", OUT_ETH1), 3, new DiffContext(before, after, null, null));
        assertThat(d.differences()).anyMatch(x -> x.entry().equals("routed"));
        for (SemanticDiff.Difference x : d.differences()) {
            assertThat(x.entry()).isIn("routed", "local-out");
            assertThat(net("10.1.0.0", 16).contains(x.witness().dst())).isTrue();
            assertThat(x.oldOutcome().verdict()).isEqualTo("ACCEPT");
            assertThat(x.oldOutcome().translated().outIface()).isEqualTo("eth1");
            if (x.entry().equals("routed")) {
                assertThat(x.newOutcome().verdict()).isEqualTo("DROP");
            } else {
                // the host's own packets leave by the new route's interface (OUTPUT accepts them)
                assertThat(x.newOutcome().verdict()).isEqualTo("ACCEPT");
                assertThat(x.newOutcome().translated().outIface()).isEqualTo("eth2");
            }
        }
        // the same host on both sides: the rules are the same, so nothing differs
        assertThat(engine.diff(parse("a", OUT_ETH1), parse("b", OUT_ETH1), 3, new DiffContext(before, before, null, null))
                .equivalent()).isTrue();
    }

    @Test
    void aRemovedLocalAddressTurnsLocalDeliveryIntoForwarding() {
        String rules = """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                COMMIT
                """;
        HostModel before = host().putInterface(iface("eth1", InterfaceKind.OTHER, null, "198.51.100.1", 24)).build();
        HostModel after = host().putInterface(iface("eth1", InterfaceKind.OTHER, null, "198.51.100.7", 24)).build();
        SemanticDiff d = engine.diff(parse("a", rules), parse("b", rules), 4, new DiffContext(before, after, null, null));
        assertThat(d.differences()).isNotEmpty();
        assertThat(d.differences()).anySatisfy(x -> {
            assertThat(x.witness().dst()).isEqualTo(ip("198.51.100.1"));
            assertThat(x.oldOutcome().verdict()).isEqualTo("ACCEPT");
            assertThat(x.newOutcome().verdict()).isEqualTo("DROP");
        });
    }

    @Test
    void aRuleForAnAddressTheHostDoesNotHaveChangesNothingOnThatHost() {
        String before = """
                *filter
                :INPUT DROP [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                COMMIT
                """;
        String after = before.replace("-A INPUT -p tcp", "-A INPUT -d 203.0.113.99/32 -p tcp -m tcp --dport 443 -j ACCEPT\n-A INPUT -p tcp");
        // any host: 203.0.113.99 may be one of its addresses
        SemanticDiff open = engine.diff(parse("a", before), parse("b", after), 2);
        assertThat(open.differences()).isNotEmpty().allMatch(x -> x.entry().equals("local-in")
                && x.witness().dst().equals(ip("203.0.113.99")) && x.witness().dport() == 443);
        assertThat(open.notes()).anyMatch(n -> n.contains("arbitrary routing"));
        // this host: it is not, so INPUT never sees such a packet
        HostModel h = host().build();
        assertThat(engine.diff(parse("a", before), parse("b", after), 2, new DiffContext(h, h, null, null)).equivalent()).isTrue();
    }
}
