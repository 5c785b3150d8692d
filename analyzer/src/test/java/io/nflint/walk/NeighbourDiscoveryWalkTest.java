package io.nflint.walk;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walker's neighbour discovery step and the header fields it fills in for IPv6 probes: a packet
 * from an on-link neighbour is never sent when the host drops the neighbour's solicitation or its own
 * advertisement, and the walk says which rule did it; the hop limit is the sender's 64, one less once
 * routed.
 */
class NeighbourDiscoveryWalkTest {

    private static final String COPIED_FROM_IPV4 = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A INPUT -p icmp -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;

    private static final StaticHost HOST = StaticHost.builder().iface("eth0", "2001:db8:1::1/64")
            .iface("eth1", "2001:db8:2::1/64").route("2001:db8:99::/48", "2001:db8:1::fe", "eth0").ipv6Forward(true).build();

    private static Walker walker(String rules) {
        Ruleset rs = DumpParser.parse("nd.rules", rules, ParseOptions.DETECT.withFamily(io.nflint.ir.Family.IPV6));
        return new Walker(HOST, List.of(rs));
    }

    private static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }

    @Test
    void aDroppedSolicitationMakesTheHostUnreachableAndNamesThePolicy() {
        Outcome o = walker(COPIED_FROM_IPV4).walk(WalkRequest.arriving("eth0",
                Packet.tcp(ip("2001:db8:1::2"), 40000, ip("2001:db8:1::1"), 22))).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.notes().get(o.notes().size() - 1)).startsWith(NeighbourDiscovery.NOTE)
                .contains("the neighbour solicitation").contains("ff02::1:ff00:1");
        TraceStep last = o.steps().get(o.steps().size() - 1);
        assertThat(last.kind()).isEqualTo(TraceStep.Kind.POLICY);
        assertThat(last.chain()).isEqualTo("INPUT");
    }

    @Test
    void acceptedNeighbourDiscoveryLetsThePacketThrough() {
        String fixed = COPIED_FROM_IPV4.replace("-A INPUT -p icmp -j ACCEPT",
                "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -m hl --hl-eq 255 -j ACCEPT");
        Outcome o = walker(fixed).walk(WalkRequest.arriving("eth0",
                Packet.tcp(ip("2001:db8:1::2"), 40000, ip("2001:db8:1::1"), 22))).only();
        assertThat(o.deliveredLocally()).isTrue();
    }

    @Test
    void aDroppedAdvertisementBlocksToo() {
        String rules = COPIED_FROM_IPV4.replace("-A INPUT -p icmp -j ACCEPT", "-A INPUT -p ipv6-icmp -j ACCEPT")
                .replace(":OUTPUT ACCEPT [0:0]\n", ":OUTPUT ACCEPT [0:0]\n-A OUTPUT -p ipv6-icmp -m icmp6 --icmpv6-type 136 -j DROP\n");
        Outcome o = walker(rules).walk(WalkRequest.arriving("eth0",
                Packet.ping(ip("2001:db8:1::2"), ip("2001:db8:1::1")))).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.notes().get(o.notes().size() - 1)).contains("the neighbour advertisement");
        assertThat(o.steps().get(o.steps().size() - 1).chain()).isEqualTo("OUTPUT");
    }

    @Test
    void neighbourDiscoveryIsUntracked() {
        // the RELATED,ESTABLISHED accept does not let a solicitation in: conntrack leaves it UNTRACKED
        Outcome o = walker(COPIED_FROM_IPV4).walk(WalkRequest.arriving("eth0",
                Packet.ping(ip("fe80::2"), NeighbourDiscovery.solicitedNode(ip("2001:db8:1::1"))).withIcmp(135, 0))).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.packet().ctState()).isEqualTo(io.nflint.ir.CtState.UNTRACKED);
    }

    @Test
    void aSenderBeyondARouterIsNotResolvedByTheStep() {
        Outcome o = walker(COPIED_FROM_IPV4).walk(WalkRequest.arriving("eth0",
                Packet.tcp(ip("2001:db8:99::7"), 40000, ip("2001:db8:1::1"), 22))).only();
        assertThat(o.deliveredLocally()).isTrue();
    }

    @Test
    void theHopLimitIsTheSendersAndOneLessWhenRouted() {
        String rules = """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -p tcp -m tcp --dport 7001 -m hl --hl-eq 64 -j DROP
                -A FORWARD -p tcp -m tcp --dport 7002 -m hl --hl-eq 63 -j DROP
                -A FORWARD -p tcp -m tcp --dport 7003 -m hl --hl-eq 64 -j DROP
                -A OUTPUT -p tcp -m tcp --dport 7004 -m hl --hl-gt 63 -j DROP
                -A INPUT -p tcp -m tcp --dport 7005 -m frag -j DROP
                -A INPUT -p tcp -m tcp --dport 7006 -m ipv6header --header protocol -j DROP
                -A INPUT -p tcp -m tcp --dport 7007 -m conntrack --ctdir REPLY -j DROP
                COMMIT
                """;
        Walker w = walker(rules);
        Ip peer = ip("2001:db8:1::2");
        Ip host = ip("2001:db8:1::1");
        Ip far = ip("2001:db8:2::2");
        assertThat(w.walk(WalkRequest.arriving("eth0", Packet.tcp(peer, 40000, host, 7001))).only().verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(w.walk(WalkRequest.arriving("eth0", Packet.tcp(peer, 40000, far, 7002))).only().verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(w.walk(WalkRequest.arriving("eth0", Packet.tcp(peer, 40000, far, 7003))).only().delivered()).isTrue();
        assertThat(w.walk(WalkRequest.local(Packet.tcp(null, 40000, far, 7004))).only().verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(w.walk(WalkRequest.arriving("eth0", Packet.tcp(peer, 40000, host, 7005))).only().deliveredLocally()).isTrue();
        assertThat(w.walk(WalkRequest.arriving("eth0", Packet.tcp(peer, 40000, host, 7006))).only().verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(w.walk(WalkRequest.arriving("eth0", Packet.tcp(peer, 40000, host, 7007))).only().deliveredLocally()).isTrue();
        // the answer of the connection to 7007 travels REPLY: OUTPUT's --ctdir REPLY would see it
        String replyRules = rules.replace("-A INPUT -p tcp -m tcp --dport 7007 -m conntrack --ctdir REPLY -j DROP",
                "-A OUTPUT -p tcp -m tcp --sport 7007 -m conntrack --ctdir REPLY -j DROP");
        Outcome reply = walker(replyRules).walk(WalkRequest.arriving("eth0", Packet.tcp(peer, 40000, host, 7007)).asReply()).only();
        assertThat(reply.verdict()).isEqualTo(WalkVerdict.DROP);
    }
}
