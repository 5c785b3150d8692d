package io.nflint.cli.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a path's TRACE steps put it on the diagram. */
class DrawnPathTest {

    private static DrawnPath of(DrawnPath.Origin origin, String outcome, String... steps) {
        return DrawnPath.of("p1", 0, "t", "tcp 1.2.3.4:1 -> 5.6.7.8:2, in eth0", List.of(steps), outcome, origin, List.of());
    }

    @Test
    void userChainsRunAtTheHookOfTheBaseChainThatJumpedThere() {
        DrawnPath p = of(DrawnPath.Origin.ARRIVING, "drop as tcp 1.2.3.4:1 -> 10.0.0.2:80",
                "nat:PREROUTING:rule:1 (line 31) -j DOCKER", "nat:DOCKER:rule:2 (line 37) DNAT 10.0.0.2:80",
                "filter:FORWARD:rule:1 (line 11) -j MY:CHAIN", "filter:MY:CHAIN:return:2 (line 7)",
                "filter:FORWARD:policy:7 (line 5) DROP");
        assertThat(p.stepRows()).containsExactly("ip-PREROUTING/nat", "ip-PREROUTING/nat", "ip-FORWARD/filter",
                "ip-FORWARD/filter", "ip-FORWARD/filter");
        assertThat(p.steps().get(3).chain()).isEqualTo("MY:CHAIN");
        assertThat(p.nodes()).containsExactly("ingress", "ip-PREROUTING", "route", "ip-FORWARD");
        assertThat(p.decided()).isEqualTo(4);
        assertThat(p.dropped()).isTrue();
        assertThat(p.after()).isEqualTo("tcp 1.2.3.4:1 -> 10.0.0.2:80");
    }

    @Test
    void anAcceptedPacketIsDrawnToWhereItLeaves() {
        DrawnPath p = of(DrawnPath.Origin.ARRIVING, "accept: delivered to eth1 as tcp 1.2.3.4:1 -> 5.6.7.8:2",
                "TRACE: filter:FORWARD:rule:5 (line 18) ACCEPT");
        assertThat(p.nodes()).containsExactly("ingress", "ip-PREROUTING", "route", "ip-FORWARD", "ip-POSTROUTING", "egress");
        DrawnPath local = of(DrawnPath.Origin.ARRIVING, "accept: delivered locally as tcp 1.2.3.4:1 -> 5.6.7.8:2");
        assertThat(local.nodes()).containsExactly("ingress", "ip-PREROUTING", "route", "ip-INPUT", "local");
    }

    @Test
    void theHostsPacketToItselfGoesOutAndBackInThroughLoopback() {
        DrawnPath p = of(DrawnPath.Origin.LOCAL, "accept: delivered locally as tcp 1.2.3.4:1 -> 1.2.3.4:2",
                "nat:OUTPUT:policy:1 (line 3) ACCEPT", "filter:INPUT:policy:1 (line 9) ACCEPT");
        assertThat(p.nodes()).containsExactly("local", "ip-OUTPUT", "ip-POSTROUTING", "egress", "ingress",
                "ip-PREROUTING", "route", "ip-INPUT", "local");
    }

    @Test
    void bridgedFramesPassTheBridgeHooksAndTheIptablesChainsBrNetfilterCalls() {
        DrawnPath p = of(DrawnPath.Origin.ARRIVING, "drop as tcp 1.2.3.4:1 -> 5.6.7.8:2",
                "eb:filter:FORWARD:policy:1 (line 4) ACCEPT", "filter:FORWARD:policy:1 (line 9) DROP");
        assertThat(p.stepRows()).containsExactly("br-FORWARD/filter", "ip-FORWARD/filter");
        assertThat(p.nodes()).containsExactly("ingress", "br-BROUTING", "br-PREROUTING", "ip-PREROUTING", "bridge",
                "br-FORWARD", "ip-FORWARD");
    }

    @Test
    void aStepTheReportCannotReadIsKeptAsTextAndNotDrawn() {
        DrawnPath p = of(DrawnPath.Origin.UNKNOWN, "", "something else", "filter:INPUT:rule:1 (line 2) DROP");
        assertThat(p.steps().get(0)).isNull();
        assertThat(p.stepRows().get(0)).isNull();
        assertThat(p.verdict()).isEmpty();
        assertThat(PathPanel.render(p, n -> null)).contains("<code>something else</code>");
    }
}
