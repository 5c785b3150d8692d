package io.nflint.kernel;

import static io.nflint.kernel.DockerLikeTopology.ENGINE;
import static io.nflint.kernel.DockerLikeTopology.ENGINE_UPLINK;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE_ADDRESS;
import static io.nflint.kernel.ProbeResult.ANSWERED;
import static io.nflint.kernel.ProbeResult.REFUSED;
import static io.nflint.kernel.ProbeResult.TIMEOUT;
import static io.nflint.kernel.ProbeResult.UNREACHABLE;
import static io.nflint.kernel.Proto.ICMP;
import static io.nflint.kernel.Proto.TCP;
import static io.nflint.kernel.Proto.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kernel's behaviour on the samples/trace scenarios. The assertions record what this kernel
 * (6.18, iptables 1.8.9 nft backend) did; the walker must reproduce them.
 */
@Tag("kernel")
class DockerScenariosKernelTest {

    private static final String WEB = "web";
    private static final String WEB_IP = "172.17.0.2";

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    /** Default bridge + web with the usual listeners + outside listeners; dump restored in the engine. */
    private static KernelLab defaultBridgeLab(String sample, DockerLikeTopology topology) {
        KernelLab lab = KernelLab.open();
        try {
            topology.build(lab).restoreEngine(KernelAssumptions.traceSample(sample));
            lab.listen(WEB, TCP, 80);
            lab.listen(WEB, TCP, 2222);
            lab.listen(OUTSIDE, TCP, 7000);
            lab.listen(OUTSIDE, UDP, 7001);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private static DockerLikeTopology oneWeb() {
        return DockerLikeTopology.builder().defaultBridge().container(WEB, "docker0", WEB_IP);
    }

    @Test
    void a_publishedPort() {
        try (KernelLab lab = defaultBridgeLab("a-published-port.rules", oneWeb())) {
            ProbeLog p = new ProbeLog(lab, "a");
            p.expectAnswered(OUTSIDE, TCP, ENGINE_UPLINK, 8080, WEB, OUTSIDE_ADDRESS);
            p.expectAnswered(OUTSIDE, TCP, WEB_IP, 80, WEB, OUTSIDE_ADDRESS);
            p.expect(OUTSIDE, TCP, WEB_IP, 2222, TIMEOUT);
            p.expect(OUTSIDE, TCP, ENGINE_UPLINK, 2222, REFUSED);
            // No docker-proxy here: nat OUTPUT skips 127.0.0.0/8, so nothing answers on the engine's loopback.
            p.expect(ENGINE, TCP, "127.0.0.1", 8080, REFUSED);
            // Locally generated and DNAT'd in nat OUTPUT: keeps the uplink source, no MASQUERADE applies.
            p.expectAnswered(ENGINE, TCP, ENGINE_UPLINK, 8080, WEB, ENGINE_UPLINK);
            p.expectAnswered(ENGINE, TCP, WEB_IP, 80, WEB, "172.17.0.1");
            p.expectAnswered(WEB, TCP, OUTSIDE_ADDRESS, 7000, OUTSIDE, ENGINE_UPLINK);
            p.expectAnswered(WEB, UDP, OUTSIDE_ADDRESS, 7001, OUTSIDE, ENGINE_UPLINK);
            // DOCKER returns for -i docker0, so the container's own published port is not DNAT'd:
            // the engine itself gets the SYN and answers RST (on a real host docker-proxy answers instead).
            p.expect(WEB, TCP, ENGINE_UPLINK, 8080, REFUSED);
            p.expect(WEB, TCP, "172.17.0.1", 8080, REFUSED);
            // Docker accepts only the published port (and replies) towards docker0; ping is dropped.
            p.expect(OUTSIDE, ICMP, WEB_IP, 0, TIMEOUT);
            p.expectAnswered(ENGINE, ICMP, WEB_IP, 0, WEB, null);
            p.expectAnswered(WEB, ICMP, OUTSIDE_ADDRESS, 0, OUTSIDE, null);
        }
    }

    @Test
    void b_missingMasquerade() {
        try (KernelLab lab = defaultBridgeLab("b-missing-masquerade.rules", oneWeb())) {
            ProbeLog p = new ProbeLog(lab, "b");
            p.expectAnswered(WEB, TCP, OUTSIDE_ADDRESS, 7000, OUTSIDE, WEB_IP);
            p.expectAnswered(WEB, UDP, OUTSIDE_ADDRESS, 7001, OUTSIDE, WEB_IP);
            p.expectAnswered(OUTSIDE, TCP, ENGINE_UPLINK, 8080, WEB, OUTSIDE_ADDRESS);
        }
    }

    @Test
    void c_forwardDropWithoutAccept() {
        try (KernelLab lab = defaultBridgeLab("c-forward-drop-no-accept.rules", oneWeb())) {
            ProbeLog p = new ProbeLog(lab, "c");
            p.expect(OUTSIDE, TCP, ENGINE_UPLINK, 8080, TIMEOUT);
            p.expect(OUTSIDE, TCP, WEB_IP, 80, TIMEOUT);
            p.expectAnswered(WEB, TCP, OUTSIDE_ADDRESS, 7000, OUTSIDE, ENGINE_UPLINK);
            // The DNAT rule was hit although FORWARD dropped the packet (an unconfirmed conntrack
            // entry dies with the packet, so conntrack -L shows nothing; the counter does).
            assertThat(lab.packetsMatching(ENGINE, "--dport 8080 -j DNAT")).isPositive();
            assertThat(lab.conntrack(ENGINE)).noneMatch(line -> line.contains("dport=8080"));
        }
    }

    @Test
    void d_twoBridgesIsolation() {
        DockerLikeTopology topology = DockerLikeTopology.builder()
                .defaultBridge().bridge("br-app", "172.18.0.1/16")
                .container(WEB, "docker0", WEB_IP)
                .container("app", "br-app", "172.18.0.2");
        try (KernelLab lab = defaultBridgeLab("d-two-bridges-isolation.rules", topology)) {
            lab.listen("app", TCP, 443);
            lab.listen(ENGINE, TCP, 9000);
            ProbeLog p = new ProbeLog(lab, "d");
            p.expect(WEB, TCP, "172.18.0.2", 443, TIMEOUT);
            p.expect("app", TCP, WEB_IP, 80, TIMEOUT);
            // Isolation is FORWARD only: the other network's gateway is an engine address (INPUT).
            p.expectAnswered(WEB, TCP, "172.18.0.1", 9000, ENGINE, WEB_IP);
            p.expectAnswered("app", TCP, "172.17.0.1", 9000, ENGINE, "172.18.0.2");
            // Published ports via the uplink address: DOCKER returns for packets from any docker bridge,
            // so no DNAT; the engine answers RST (docker-proxy would answer on a real host).
            p.expect(WEB, TCP, ENGINE_UPLINK, 8443, REFUSED);
            p.expect("app", TCP, ENGINE_UPLINK, 8080, REFUSED);
            p.expectAnswered(OUTSIDE, TCP, ENGINE_UPLINK, 8443, "app", OUTSIDE_ADDRESS);
            p.expectAnswered(OUTSIDE, TCP, ENGINE_UPLINK, 8080, WEB, OUTSIDE_ADDRESS);
            p.expectAnswered("app", TCP, OUTSIDE_ADDRESS, 7000, OUTSIDE, ENGINE_UPLINK);
        }
    }

    @Test
    void e_inputDropDoesNotProtectPublishedPort() {
        try (KernelLab lab = defaultBridgeLab("e-input-drop-published-port.rules", oneWeb())) {
            lab.listen(ENGINE, TCP, 2222);
            ProbeLog p = new ProbeLog(lab, "e");
            p.expectAnswered(OUTSIDE, TCP, ENGINE_UPLINK, 8080, WEB, OUTSIDE_ADDRESS);
            p.expect(OUTSIDE, TCP, ENGINE_UPLINK, 2222, TIMEOUT);
            p.expectAnswered(ENGINE, TCP, ENGINE_UPLINK, 2222, ENGINE, ENGINE_UPLINK);
            // A container reaching the engine is INPUT too, so it is dropped.
            p.expect(WEB, TCP, "172.17.0.1", 2222, TIMEOUT);
        }
    }

    @Test
    void f_dockerUserDropsSource() {
        try (KernelLab lab = defaultBridgeLab("f-docker-user-drop-source.rules", oneWeb())) {
            ProbeLog p = new ProbeLog(lab, "f");
            p.expect(OUTSIDE, TCP, ENGINE_UPLINK, 8080, TIMEOUT);
            p.expect(OUTSIDE, TCP, WEB_IP, 80, TIMEOUT);
            // Replies from 198.51.100.2 to the container also go through DOCKER-USER first.
            p.expect(WEB, TCP, OUTSIDE_ADDRESS, 7000, TIMEOUT);
            // Locally generated traffic never passes FORWARD.
            p.expectAnswered(ENGINE, TCP, WEB_IP, 80, WEB, "172.17.0.1");
        }
    }

    @Test
    void g_localhostPublishedPort_docker20_reachableFromNeighbour() {
        DockerLikeTopology topology = oneWeb().outsideRoutesLoopbackToEngine();
        try (KernelLab lab = defaultBridgeLab("g-localhost-published-docker20.rules", topology)) {
            assertThat(lab.sysctlValue(ENGINE, "net.ipv4.conf.all.route_localnet")).isEqualTo("0");
            ProbeLog p = new ProbeLog(lab, "g20");
            p.expectAnswered(OUTSIDE, TCP, "127.0.0.1", 8080, WEB, OUTSIDE_ADDRESS);
            p.expect(OUTSIDE, TCP, ENGINE_UPLINK, 8080, REFUSED);
            p.expectAnswered(OUTSIDE, TCP, WEB_IP, 80, WEB, OUTSIDE_ADDRESS);
            // From the engine itself: nat OUTPUT excludes 127.0.0.0/8, so no DNAT (docker-proxy's job).
            p.expect(ENGINE, TCP, "127.0.0.1", 8080, REFUSED);
        }
    }

    @Test
    void g_localhostPublishedPort_docker28_rawDrop() {
        DockerLikeTopology topology = oneWeb().outsideRoutesLoopbackToEngine();
        try (KernelLab lab = defaultBridgeLab("g-localhost-published-docker28.rules", topology)) {
            ProbeLog p = new ProbeLog(lab, "g28");
            p.expect(OUTSIDE, TCP, "127.0.0.1", 8080, TIMEOUT);
            p.expect(OUTSIDE, TCP, WEB_IP, 80, TIMEOUT);
            p.expect(OUTSIDE, TCP, ENGINE_UPLINK, 8080, REFUSED);
            p.expectAnswered(WEB, TCP, OUTSIDE_ADDRESS, 7000, OUTSIDE, ENGINE_UPLINK);
        }
    }

    @Test
    void h_ipForwardOff() {
        try (KernelLab lab = defaultBridgeLab("h-ip-forward-off.rules", oneWeb().ipForward(false))) {
            ProbeLog p = new ProbeLog(lab, "h");
            p.expect(OUTSIDE, TCP, ENGINE_UPLINK, 8080, TIMEOUT);
            assertThat(lab.packetsMatching(ENGINE, "--dport 8080 -j DNAT")).isPositive();
            assertThat(lab.conntrack(ENGINE)).noneMatch(line -> line.contains("dport=8080"));
            p.expect(WEB, TCP, OUTSIDE_ADDRESS, 7000, TIMEOUT);
            // Bridged traffic and local delivery do not need ip_forward.
            p.expectAnswered(ENGINE, TCP, WEB_IP, 80, WEB, "172.17.0.1");
        }
    }

    @Test
    void i_rejectVariantsOnForward() {
        try (KernelLab lab = defaultBridgeLab("i-reject-variants.rules", oneWeb())) {
            for (int port = 81; port <= 87; port++) {
                lab.listen(WEB, TCP, port);
                lab.listen(WEB, UDP, port);
            }
            ProbeLog p = new ProbeLog(lab, "i");
            assertThat(p.expect(OUTSIDE, TCP, WEB_IP, 81, REFUSED).detail()).contains("Connection refused");
            assertThat(p.expect(OUTSIDE, TCP, WEB_IP, 82, REFUSED).detail()).contains("Connection refused");
            assertThat(p.expect(OUTSIDE, TCP, WEB_IP, 83, UNREACHABLE).detail()).contains("No route to host");
            assertThat(p.expect(OUTSIDE, TCP, WEB_IP, 84, UNREACHABLE).detail()).contains("No route to host");
            assertThat(p.expect(OUTSIDE, TCP, WEB_IP, 85, UNREACHABLE).detail()).contains("Network is unreachable");
            assertThat(p.expect(OUTSIDE, TCP, WEB_IP, 86, UNREACHABLE).detail()).contains("No route to host");
            assertThat(p.expect(OUTSIDE, TCP, WEB_IP, 87, UNREACHABLE).detail()).contains("Network is unreachable");
            assertThat(p.expect(OUTSIDE, UDP, WEB_IP, 82, REFUSED).detail()).contains("Connection refused");
            // Net/host unreachable are soft errors for a UDP socket without IP_RECVERR: silently ignored.
            p.expect(OUTSIDE, UDP, WEB_IP, 83, TIMEOUT);
            assertThat(p.expect(OUTSIDE, UDP, WEB_IP, 84, UNREACHABLE).detail()).contains("No route to host");
            p.expect(OUTSIDE, UDP, WEB_IP, 85, TIMEOUT);
            assertThat(p.expect(OUTSIDE, UDP, WEB_IP, 86, UNREACHABLE).detail()).contains("No route to host");
            assertThat(p.expect(OUTSIDE, UDP, WEB_IP, 87, UNREACHABLE).detail()).contains("Network is unreachable");
            assertThat(p.expect(OUTSIDE, ICMP, WEB_IP, 0, UNREACHABLE).detail()).contains("Packet filtered");
            // tcp-reset only on tcp/81; udp/81 falls through to FORWARD's DROP policy.
            p.expect(OUTSIDE, UDP, WEB_IP, 81, TIMEOUT);
        }
    }

    @Test
    void j_bridgeNfCallIptablesOn_sameBridgeDropApplies() {
        try (KernelLab lab = sameBridgeLab(true)) {
            new ProbeLog(lab, "j bnf=1").expect(WEB, TCP, "172.17.0.3", 5432, TIMEOUT);
        }
    }

    @Test
    void j_bridgeNfCallIptablesOff_sameBridgeDropBypassed() {
        try (KernelLab lab = sameBridgeLab(false)) {
            new ProbeLog(lab, "j bnf=0").expectAnswered(WEB, TCP, "172.17.0.3", 5432, "db", WEB_IP);
        }
    }

    private static KernelLab sameBridgeLab(boolean bridgeNf) {
        DockerLikeTopology topology = oneWeb().container("db", "docker0", "172.17.0.3").bridgeNfCallIptables(bridgeNf);
        KernelLab lab = defaultBridgeLab("j-bridge-nf-same-bridge-drop.rules", topology);
        lab.listen("db", TCP, 5432);
        assertThat(lab.sysctlValue(ENGINE, "net.bridge.bridge-nf-call-iptables")).isEqualTo(bridgeNf ? "1" : "0");
        return lab;
    }
}
