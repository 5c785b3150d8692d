package io.nflint.kernel;

import static io.nflint.kernel.DockerLikeTopology.ENGINE;
import static io.nflint.kernel.DockerLikeTopology.ENGINE_UPLINK;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lab itself: dumps restore, namespaces go away, traces come back, hairpin and backends behave. */
@Tag("kernel")
class KernelLabKernelTest {

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    @Test
    void everyTraceSampleRestoresWithBothBackends() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.list(KernelAssumptions.samplesDir())) {
            samples = files.filter(f -> f.toString().endsWith(".rules")).sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(10);
        for (KernelLab.Backend backend : KernelLab.Backend.values()) {
            try (KernelLab lab = KernelLab.open(backend)) {
                lab.addNamespace("check");
                for (Path sample : samples) {
                    String dump = KernelLab.readFile(sample);
                    // each sample goes to the restore tool of its family (the ip6tables and ebtables samples too)
                    switch (io.nflint.parse.DumpParser.parse(sample.toString(), dump, io.nflint.parse.ParseOptions.DETECT).family()) {
                        case IPV6 -> {
                            lab.restore6("check", dump);
                            assertThat(lab.save6("check")).as("%s via %s", sample, backend).contains("COMMIT");
                        }
                        case BRIDGE -> {
                            // ebtables-legacy needs ebtables tables in the kernel, which this one lacks
                            if (backend == KernelLab.Backend.NFT) {
                                lab.restoreEbtables("check", dump);
                                assertThat(lab.listEbtablesWithCounters("check", "filter")).as("%s", sample).contains("pcnt");
                            }
                        }
                        default -> {
                            lab.restore("check", dump);
                            assertThat(lab.save("check")).as("%s via %s", sample, backend).contains("COMMIT");
                        }
                    }
                }
            }
        }
    }

    @Test
    void brokenDumpIsReportedWithTheRestoreError() {
        try (KernelLab lab = KernelLab.open()) {
            lab.addNamespace("check");
            assertThatThrownBy(() -> lab.restore("check", "*filter\n-A NOSUCHCHAIN -j ACCEPT\nCOMMIT\n"))
                    .hasMessageContaining("iptables-restore");
        }
    }

    @Test
    void closeDeletesNamespacesAndListeners() {
        String real;
        try (KernelLab lab = KernelLab.open()) {
            real = lab.addNamespace("solo");
            lab.listen("solo", Proto.TCP, 80);
            assertThat(Commands.run(List.of("ip", "netns", "list")).stdout()).contains(real);
        }
        assertThat(Commands.run(List.of("ip", "netns", "list")).stdout()).doesNotContain(real);
    }

    @Test
    void bridgeNetfilterSysctlsExistInEveryNewNamespaceWithDefaultOne() {
        try (KernelLab lab = KernelLab.open()) {
            lab.addNamespace("fresh");
            System.out.println("[kernel lab] new namespace: bridge-nf-call-iptables="
                    + lab.sysctlValue("fresh", "net.bridge.bridge-nf-call-iptables")
                    + " ip_forward=" + lab.sysctlValue("fresh", "net.ipv4.ip_forward"));
            assertThat(lab.sysctlValue("fresh", "net.bridge.bridge-nf-call-iptables")).isEqualTo("1");
            assertThat(lab.sysctlValue("fresh", "net.ipv4.ip_forward")).isEqualTo("0");
        }
    }

    @Test
    void traceOfPublishedPortShowsDnatAndForwardAccept() {
        try (KernelLab lab = KernelLab.open()) {
            DockerLikeTopology.builder().defaultBridge().container("web", "docker0", "172.17.0.2").build(lab)
                    .restoreEngine(KernelAssumptions.traceSample("a-published-port.rules"));
            lab.listen("web", Proto.TCP, 80);
            KernelTrace.Traced traced = KernelTrace.probe(lab, ENGINE, OUTSIDE, Proto.TCP, ENGINE_UPLINK, 8080);
            System.out.println("[kernel trace] outside -> tcp " + ENGINE_UPLINK + ":8080 => " + traced.observation());
            traced.lines().forEach(l -> System.out.println("[kernel trace]   " + l));
            assertThat(traced.observation().result()).isEqualTo(ProbeResult.ANSWERED);
            assertThat(traced.verdictLines())
                    .anyMatch(l -> l.contains("nat:DOCKER:rule:") && l.contains(":ACCEPT")
                            && l.contains("-j DNAT --to-destination 172.17.0.2:80"))
                    .anyMatch(l -> l.contains("filter:DOCKER:rule:") && l.contains("--dport 80 -j ACCEPT"))
                    .noneMatch(l -> l.contains("filter:INPUT"));
            // the TRACE rules are gone afterwards
            assertThat(lab.save(ENGINE)).doesNotContain("TRACE");
        }
    }

    @Test
    void traceOfDroppedPacketEndsInForwardPolicy() {
        try (KernelLab lab = KernelLab.open()) {
            DockerLikeTopology.builder().defaultBridge().container("web", "docker0", "172.17.0.2").build(lab)
                    .restoreEngine(KernelAssumptions.traceSample("c-forward-drop-no-accept.rules"));
            lab.listen("web", Proto.TCP, 80);
            KernelTrace.Traced traced = KernelTrace.probe(lab, ENGINE, OUTSIDE, Proto.TCP, ENGINE_UPLINK, 8080);
            traced.lines().forEach(l -> System.out.println("[kernel trace c]   " + l));
            assertThat(traced.observation().result()).isEqualTo(ProbeResult.TIMEOUT);
            assertThat(traced.verdictLines()).anyMatch(l -> l.contains("filter:FORWARD:policy:DROP"));
        }
    }

    /**
     * userland-proxy=false (sample k): a container reaching its own published port through the host
     * address is DNAT'd back to itself and br_netfilter bridges the frame back out of the port it came
     * in on; the bridge does that only with hairpin on. Routed traffic is not subject to hairpin.
     */
    @Test
    void hairpinDecidesWhetherAContainerReachesItsOwnPublishedPort() {
        String dump = KernelAssumptions.traceSample("k-userland-proxy-false-hairpin.rules");
        for (boolean hairpin : new boolean[] {false, true}) {
            try (KernelLab lab = KernelLab.open()) {
                DockerLikeTopology.builder().defaultBridge().container("web", "docker0", "172.17.0.2", hairpin)
                        .build(lab).restoreEngine(dump);
                lab.listen("web", Proto.TCP, 80);
                lab.listen(OUTSIDE, Proto.TCP, 7000);
                ProbeLog p = new ProbeLog(lab, "k hairpin=" + hairpin);
                if (hairpin) {
                    p.expectAnswered("web", Proto.TCP, ENGINE_UPLINK, 8080, "web", "172.17.0.1");
                    p.expectAnswered("web", Proto.TCP, "172.17.0.1", 8080, "web", "172.17.0.1");
                } else {
                    p.expect("web", Proto.TCP, ENGINE_UPLINK, 8080, ProbeResult.TIMEOUT);
                    p.expect("web", Proto.TCP, "172.17.0.1", 8080, ProbeResult.TIMEOUT);
                }
                p.expectAnswered(OUTSIDE, Proto.TCP, ENGINE_UPLINK, 8080, "web", OUTSIDE_ADDRESS);
                p.expectAnswered(ENGINE, Proto.TCP, ENGINE_UPLINK, 8080, "web", "172.17.0.1");
                p.expectAnswered("web", Proto.TCP, OUTSIDE_ADDRESS, 7000, OUTSIDE, ENGINE_UPLINK);
            }
        }
    }

    @Test
    void legacyBackendGivesTheSamePublishedPortResults() {
        try (KernelLab lab = KernelLab.open(KernelLab.Backend.LEGACY)) {
            DockerLikeTopology.builder().defaultBridge().container("web", "docker0", "172.17.0.2").build(lab)
                    .restoreEngine(KernelAssumptions.traceSample("a-published-port.rules"));
            lab.listen("web", Proto.TCP, 80);
            lab.listen(OUTSIDE, Proto.TCP, 7000);
            ProbeLog p = new ProbeLog(lab, "a legacy");
            p.expectAnswered(OUTSIDE, Proto.TCP, ENGINE_UPLINK, 8080, "web", OUTSIDE_ADDRESS);
            p.expect(OUTSIDE, Proto.TCP, "172.17.0.2", 2222, ProbeResult.TIMEOUT);
            p.expectAnswered("web", Proto.TCP, OUTSIDE_ADDRESS, 7000, OUTSIDE, ENGINE_UPLINK);
            assertThat(lab.exec(ENGINE, "iptables-legacy-save").stdout()).contains("DNAT");
            assertThat(lab.exec(ENGINE, "iptables-nft-save").stdout()).doesNotContain("DNAT");
        }
    }
}
