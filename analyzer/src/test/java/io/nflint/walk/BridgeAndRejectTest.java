package io.nflint.walk;

import static io.nflint.walk.Walks.dockerHost;
import static io.nflint.walk.Walks.dump;
import static io.nflint.walk.Walks.ip;
import static io.nflint.walk.Walks.sample;
import static io.nflint.walk.Walks.tcpFrom;
import static io.nflint.walk.Walks.trace;
import static io.nflint.walk.Walks.walk;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bridged frames (br_netfilter, hairpin) and REJECT variants, as the kernel lab saw them. */
class BridgeAndRejectTest {

    @Test
    void sameBridgeTrafficPassesIptablesForwardOnlyWithBridgeNfCallIptables() {
        WalkRequest req = tcpFrom("v-web", "172.17.0.2", 40000, "172.17.0.3", 5432);
        Outcome on = walk(dockerHost().build(), sample("j-bridge-nf-same-bridge-drop.rules"), req).only();
        assertThat(on.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(on.steps()).anyMatch(s -> s.chain().equals("FORWARD"));
        Outcome off = walk(dockerHost().bridgeNfCallIptables(false).build(),
                sample("j-bridge-nf-same-bridge-drop.rules"), req).only();
        assertThat(off.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(off.deliveredTo()).isEqualTo("docker0");
        assertThat(off.steps()).isEmpty();
        assertThat(off.packet().src()).isEqualTo(ip("172.17.0.2"));
    }

    @Test
    void replyOfABridgedFrameWithoutBridgeNfCallIptablesIsWalkedWithoutAConnection() {
        // no iptables hook saw the first frame, so there is no conntrack entry to reverse (was a NullPointerException)
        WalkRequest req = tcpFrom("v-web", "172.17.0.2", 40000, "172.17.0.3", 5432).asReply();
        Outcome reply = walk(dockerHost().bridgeNfCallIptables(false).build(),
                sample("j-bridge-nf-same-bridge-drop.rules"), req).only();
        assertThat(reply.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(reply.deliveredTo()).isEqualTo("docker0");
        assertThat(reply.packet().src()).isEqualTo(ip("172.17.0.3"));
        assertThat(reply.packet().dst()).isEqualTo(ip("172.17.0.2"));
        assertThat(reply.packet().dport()).isEqualTo(40000);
        assertThat(reply.conntrack()).isNull();
    }

    @Test
    void replyOfANotrackedPacketMeetsTheRulesAsANewPacket() {
        Outcome reply = walk(dockerHost().build(), dump("""
                *raw
                :PREROUTING ACCEPT [0:0]
                -A PREROUTING -i ext0 -j NOTRACK
                COMMIT
                *filter
                :INPUT ACCEPT [0:0]
                :OUTPUT DROP [0:0]
                -A OUTPUT -m conntrack --ctstate NEW -p tcp --sport 22 -j ACCEPT
                COMMIT
                """), tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 22).asReply()).only();
        // the reply has no connection either: conntrack makes it NEW, and the OUTPUT rule for NEW lets it out
        assertThat(reply.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(reply.packet().dst()).isEqualTo(ip("198.51.100.2"));
        assertThat(trace(reply)).contains("filter:OUTPUT:rule:1");
    }

    @Test
    void bridgedFramesCarryPhysdevPorts() {
        Outcome o = walk(dockerHost().build(), dump("""
                *filter
                :FORWARD DROP [0:0]
                -A FORWARD -m physdev --physdev-in v-db -j DROP
                -A FORWARD -i docker0 -o docker0 -m physdev --physdev-in v-web --physdev-out v-db --physdev-is-bridged -j ACCEPT
                COMMIT
                """), tcpFrom("v-web", "172.17.0.2", 40000, "172.17.0.3", 5432)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(trace(o)).containsExactly("filter:FORWARD:rule:2");
    }

    @Test
    void hairpinOffDropsAFrameDnatedBackToItsOwnPort() {
        WalkRequest req = tcpFrom("v-web", "172.17.0.2", 40000, "198.51.100.1", 8080);
        Outcome off = walk(dockerHost().build(), sample("k-userland-proxy-false-hairpin.rules"), req).only();
        assertThat(off.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(off.notes()).anyMatch(n -> n.contains("hairpin mode off"));
        HostView hairpinOn = StaticHost.builder().iface("ext0", "198.51.100.1/24").bridge("docker0", "172.17.0.1/16")
                .port("v-web", "docker0", "172.17.0.2", true).route("default", "198.51.100.2", "ext0").build();
        Outcome on = walk(hairpinOn, sample("k-userland-proxy-false-hairpin.rules"), req).only();
        assertThat(on.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(on.packet().describe()).isEqualTo("tcp 172.17.0.1:40000 -> 172.17.0.2:80");
    }

    @ParameterizedTest
    @CsvSource({"81,tcp-reset", "82,icmp-port-unreachable", "83,icmp-host-unreachable", "84,icmp-admin-prohibited",
            "85,icmp-net-unreachable", "86,icmp-host-prohibited", "87,icmp-net-prohibited"})
    void rejectVariants(int port, String with) {
        Outcome o = walk(dockerHost().build(), sample("i-reject-variants.rules"),
                tcpFrom("ext0", "198.51.100.2", 40000, "172.17.0.2", port)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.REJECT);
        assertThat(o.rejectWith()).isEqualTo(with);
        assertThat(o.summary()).startsWith("reject (" + with + ")");
    }

    @Test
    void defaultRejectIsPortUnreachable() {
        Outcome o = walk(dockerHost().build(), dump("""
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -p tcp -j REJECT
                COMMIT
                """), tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 22)).only();
        assertThat(o.rejectWith()).isEqualTo("icmp-port-unreachable");
    }

    @Test
    void ebtablesFilterForwardDropsABridgedFrameAndBrouteDropRoutesIt() {
        WalkRequest req = tcpFrom("v-web", "172.17.0.2", 40000, "172.17.0.3", 5432);
        io.nflint.ir.Ruleset eb = io.nflint.parse.DumpParser.parse("eb.rules", """
                *filter
                :INPUT ACCEPT
                :FORWARD ACCEPT
                :OUTPUT ACCEPT
                -A FORWARD -i v-web -o v-db -j DROP
                """, io.nflint.parse.ParseOptions.DETECT.withFamily(io.nflint.ir.Family.BRIDGE));
        Outcome o = new Walker(dockerHost().build(), java.util.List.of(eb)).walk(req).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.steps()).anyMatch(s -> s.family().equals("eb") && s.chain().equals("FORWARD"));
        io.nflint.ir.Ruleset broute = io.nflint.parse.DumpParser.parse("eb.rules", """
                *broute
                :BROUTING ACCEPT
                -A BROUTING -p IPv4 -j DROP
                """, io.nflint.parse.ParseOptions.DETECT.withFamily(io.nflint.ir.Family.BRIDGE));
        Outcome routed = new Walker(dockerHost().build(), java.util.List.of(broute)).walk(req).only();
        assertThat(routed.notes()).anyMatch(n -> n.contains("broute DROP"));
        assertThat(routed.notes()).anyMatch(n -> n.contains("for the host"));
    }
}
