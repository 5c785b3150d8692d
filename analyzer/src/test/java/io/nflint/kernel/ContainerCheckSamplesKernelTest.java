package io.nflint.kernel;

import static io.nflint.kernel.DockerLikeTopology.ENGINE_UPLINK;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE_ADDRESS;
import static io.nflint.kernel.Proto.TCP;
import static io.nflint.kernel.Proto.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bug samples of the container checks show their problem on the kernel, and their fixed twins do
 * not: samples/checks/NFL201 (containers leave un-NATed) and NFL401 (two networks reach each other),
 * restored into the engine of a DockerLikeTopology.
 */
@Tag("kernel")
class ContainerCheckSamplesKernelTest {

    private static final String WEB = "web";
    private static final String WEB_IP = "172.17.0.2";

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    private static String checkSample(String name) {
        Path dir = KernelAssumptions.samplesDir().getParent().resolve("checks");
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String egressSource(String sample) {
        try (KernelLab lab = KernelLab.open()) {
            DockerLikeTopology.builder().defaultBridge().container(WEB, "docker0", WEB_IP).build(lab)
                    .restoreEngine(checkSample(sample));
            lab.listen(OUTSIDE, TCP, 7000);
            lab.listen(OUTSIDE, UDP, 7001);
            Observation tcp = lab.probe(WEB, TCP, OUTSIDE_ADDRESS, 7000);
            Observation udp = lab.probe(WEB, UDP, OUTSIDE_ADDRESS, 7001);
            System.out.println("[kernel " + sample + "] web->outside tcp " + tcp + ", udp " + udp);
            assertThat(tcp.result()).isEqualTo(ProbeResult.ANSWERED);
            assertThat(udp.sourceSeen()).isEqualTo(tcp.sourceSeen());
            return tcp.sourceSeen();
        }
    }

    @Test
    void nfl201_egressLeavesUnNatedWithTheBugAndMasqueradedWhenFixed() {
        // the outside routes 172.16.0.0/12 back via the engine, so the un-NATed connection still answers
        assertThat(egressSource("NFL201-egress-not-masqueraded.rules")).isEqualTo(WEB_IP);
        assertThat(egressSource("NFL201-egress-not-masqueraded.fixed.rules")).isEqualTo(ENGINE_UPLINK);
    }

    private static Observation[] crossNetwork(String sample) {
        try (KernelLab lab = KernelLab.open()) {
            DockerLikeTopology.builder().defaultBridge().bridge("br-app", "172.18.0.1/16")
                    .container(WEB, "docker0", WEB_IP).container("app", "br-app", "172.18.0.2").build(lab)
                    .restoreEngine(checkSample(sample));
            lab.listen(WEB, TCP, 80);
            lab.listen("app", TCP, 443);
            Observation webToApp = lab.probe(WEB, TCP, "172.18.0.2", 443);
            Observation appToWeb = lab.probe("app", TCP, WEB_IP, 80);
            System.out.println("[kernel " + sample + "] web->app:443 " + webToApp + ", app->web:80 " + appToWeb);
            return new Observation[] {webToApp, appToWeb};
        }
    }

    @Test
    void nfl401_networksReachEachOtherWithTheBugAndAreIsolatedWhenFixed() {
        Observation[] bug = crossNetwork("NFL401-isolation-missing.rules");
        assertThat(bug[0].result()).isEqualTo(ProbeResult.ANSWERED);
        assertThat(bug[0].answeredBy()).isEqualTo("app");
        assertThat(bug[1].result()).isEqualTo(ProbeResult.ANSWERED);
        Observation[] fixed = crossNetwork("NFL401-isolation-missing.fixed.rules");
        assertThat(fixed[0].result()).isEqualTo(ProbeResult.TIMEOUT);
        assertThat(fixed[1].result()).isEqualTo(ProbeResult.TIMEOUT);
    }
}
