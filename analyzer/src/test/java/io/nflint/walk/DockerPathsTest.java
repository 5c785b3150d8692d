package io.nflint.walk;

import static io.nflint.walk.Walks.dockerHost;
import static io.nflint.walk.Walks.ip;
import static io.nflint.walk.Walks.sample;
import static io.nflint.walk.Walks.tcpFrom;
import static io.nflint.walk.Walks.tcpLocal;
import static io.nflint.walk.Walks.trace;
import static io.nflint.walk.Walks.walk;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.CtState;
import org.junit.jupiter.api.Test;

/** Routed and local paths on the kernel lab's Docker-like host, against what the kernel did there. */
class DockerPathsTest {

    private final HostView host = dockerHost().build();

    @Test
    void publishedPortIsDnatedBeforeRoutingAndPassesForward() {
        Outcome o = walk(host, sample("a-published-port.rules"),
                tcpFrom("ext0", "198.51.100.2", 48057, "198.51.100.1", 8080)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("docker0");
        assertThat(o.packet().describe()).isEqualTo("tcp 198.51.100.2:48057 -> 172.17.0.2:80");
        // the kernel's own trace of this probe (KernelTrace, README of io.nflint.kernel), by chain and verdict
        assertThat(trace(o)).containsExactly(
                "nat:PREROUTING:rule:1", "nat:DOCKER:rule:2",
                "filter:FORWARD:rule:1", "filter:DOCKER-USER:rule:1",
                "filter:FORWARD:rule:2", "filter:DOCKER-ISOLATION-STAGE-1:rule:2",
                "filter:FORWARD:rule:4", "filter:DOCKER:rule:1",
                "nat:POSTROUTING:policy:3");
        assertThat(o.conntrack().dnat()).isTrue();
        assertThat(o.conntrack().reply().src()).isEqualTo(ip("172.17.0.2"));
        assertThat(o.conntrack().confirmed()).isTrue();
    }

    @Test
    void unpublishedContainerPortHitsTheForwardPolicy() {
        Outcome o = walk(host, sample("a-published-port.rules"),
                tcpFrom("ext0", "198.51.100.2", 40000, "172.17.0.2", 2222)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.steps().get(o.steps().size() - 1).render()).startsWith("TRACE: filter:FORWARD:policy:7");
    }

    @Test
    void inputDropDoesNotStopADnatedPublishedPort() {
        Outcome o = walk(host, sample("e-input-drop-published-port.rules"),
                tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 8080)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("docker0");
        assertThat(o.steps()).noneMatch(s -> s.chain().equals("INPUT"));
        Outcome direct = walk(host, sample("e-input-drop-published-port.rules"),
                tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 2222)).only();
        assertThat(direct.verdict()).isEqualTo(WalkVerdict.DROP);
    }

    @Test
    void loopbackPublishedPortIsReachedByANeighbourBecauseDnatRunsBeforeRouting() {
        Outcome o = walk(host, sample("g-localhost-published-docker20.rules"),
                tcpFrom("ext0", "198.51.100.2", 40000, "127.0.0.1", 8080)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.packet().dst()).isEqualTo(ip("172.17.0.2"));
        // without a DNAT the same destination is a martian
        Outcome other = walk(host, sample("g-localhost-published-docker20.rules"),
                tcpFrom("ext0", "198.51.100.2", 40000, "127.0.0.1", 9999)).only();
        assertThat(other.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(other.notes()).anyMatch(n -> n.contains("martian destination"));
    }

    @Test
    void docker28RawRuleDropsTheLoopbackNeighbour() {
        Outcome o = walk(host, sample("g-localhost-published-docker28.rules"),
                tcpFrom("ext0", "198.51.100.2", 40000, "127.0.0.1", 8080)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.steps().get(0).table()).isEqualTo("raw");
    }

    @Test
    void ipForwardOffHitsTheDnatRuleButForwardsNothing() {
        HostView off = dockerHost().ipForward(false).build();
        Outcome o = walk(off, sample("h-ip-forward-off.rules"),
                tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 8080)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(trace(o)).contains("nat:DOCKER:rule:2");
        assertThat(o.notes()).anyMatch(n -> n.contains("ip_forward=0"));
        assertThat(o.conntrack().confirmed()).isFalse();
    }

    @Test
    void masqueradeGivesContainerTrafficTheUplinkAddress() {
        Outcome o = walk(host, sample("a-published-port.rules"),
                tcpFrom("v-web", "172.17.0.2", 40000, "198.51.100.2", 7000)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("ext0");
        assertThat(o.packet().src()).isEqualTo(ip("198.51.100.1"));
        assertThat(o.conntrack().snat()).isTrue();
        Outcome missing = walk(host, sample("b-missing-masquerade.rules"),
                tcpFrom("v-web", "172.17.0.2", 40000, "198.51.100.2", 7000)).only();
        assertThat(missing.packet().src()).isEqualTo(ip("172.17.0.2"));
    }

    @Test
    void replyGetsTheReverseNatAndIsEstablished() {
        WalkRequest req = tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 8080).asReply();
        Outcome o = walk(host, sample("a-published-port.rules"), req).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("ext0");
        assertThat(o.packet().describe()).isEqualTo("tcp 198.51.100.1:8080 -> 198.51.100.2:40000");
        assertThat(o.packet().ctState()).isEqualTo(CtState.ESTABLISHED);
        assertThat(o.steps()).noneMatch(s -> s.table().equals("nat"));
        assertThat(trace(o)).contains("filter:FORWARD:rule:5");
    }

    @Test
    void masqueradedReplyIsDeSnatedBackToTheContainer() {
        WalkRequest req = tcpFrom("v-web", "172.17.0.2", 40000, "198.51.100.2", 7000).asReply();
        Outcome o = walk(host, sample("a-published-port.rules"), req).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("docker0");
        assertThat(o.packet().describe()).isEqualTo("tcp 198.51.100.2:7000 -> 172.17.0.2:40000");
        assertThat(trace(o)).contains("filter:FORWARD:rule:3");
    }

    @Test
    void laterPacketsSkipNatChainsButKeepTheTranslation() {
        WalkRequest req = tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 8080).asEstablished();
        Outcome o = walk(host, sample("a-published-port.rules"), req).only();
        assertThat(o.packet().dst()).isEqualTo(ip("172.17.0.2"));
        assertThat(o.steps()).noneMatch(s -> s.table().equals("nat"));
        assertThat(trace(o)).contains("filter:FORWARD:rule:3");
    }

    @Test
    void dockerUserDropAlsoDropsReplies() {
        Outcome o = walk(host, sample("f-docker-user-drop-source.rules"),
                tcpFrom("v-web", "172.17.0.2", 40000, "198.51.100.2", 7000).asReply()).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
    }

    @Test
    void locallyGeneratedTrafficToThePublishedPortIsDnatedInOutputAndKeepsItsSource() {
        Outcome o = walk(host, sample("a-published-port.rules"), tcpLocal("198.51.100.1", 8080)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("docker0");
        assertThat(o.packet().describe()).isEqualTo("tcp 198.51.100.1:40000 -> 172.17.0.2:80");
        assertThat(o.steps()).noneMatch(s -> s.chain().equals("FORWARD"));
    }

    @Test
    void locallyGeneratedToTheContainerUsesTheBridgeAddress() {
        Outcome o = walk(host, sample("a-published-port.rules"), tcpLocal("172.17.0.2", 80)).only();
        assertThat(o.packet().src()).isEqualTo(ip("172.17.0.1"));
        assertThat(o.deliveredTo()).isEqualTo("docker0");
    }

    @Test
    void localhostPortIsNotDnatedFromTheHostItself() {
        Outcome o = walk(host, sample("a-published-port.rules"), tcpLocal("127.0.0.1", 8080)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("local");
        assertThat(o.packet().dst()).isEqualTo(ip("127.0.0.1"));
    }

    @Test
    void containerToAnotherNetworksGatewayGoesThroughInputNotIsolation() {
        HostView two = dockerHost().bridge("br-app", "172.18.0.1/16").port("v-app", "br-app", "172.18.0.2", false)
                .build();
        Outcome o = walk(two, sample("d-two-bridges-isolation.rules"),
                tcpFrom("v-web", "172.17.0.2", 40000, "172.18.0.1", 9000)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("local");
        Outcome isolated = walk(two, sample("d-two-bridges-isolation.rules"),
                tcpFrom("v-web", "172.17.0.2", 40000, "172.18.0.2", 443)).only();
        assertThat(isolated.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(isolated.steps()).anyMatch(s -> s.chain().equals("DOCKER-ISOLATION-STAGE-2"));
    }

    @Test
    void noRouteIsAnIcmpNetUnreachable() {
        HostView noDefault = io.nflint.walk.StaticHost.builder().iface("ext0", "198.51.100.1/24").build();
        Outcome o = walk(noDefault, sample("a-published-port.rules"),
                tcpFrom("ext0", "198.51.100.2", 40000, "203.0.113.9", 80)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.REJECT);
        assertThat(o.rejectWith()).isEqualTo("icmp-net-unreachable");
    }
}
