package io.nflint.rules;

import static io.nflint.kernel.DockerLikeTopology.ENGINE;
import static io.nflint.kernel.DockerLikeTopology.ENGINE_UPLINK;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE_ADDRESS;
import static io.nflint.kernel.Proto.TCP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.kernel.CommandResult;
import io.nflint.kernel.DockerLikeTopology;
import io.nflint.kernel.KernelAssumptions;
import io.nflint.kernel.KernelLab;
import io.nflint.kernel.Observation;
import io.nflint.kernel.ProbeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The container checks' nft samples (Docker 29's nftables tables, samples/checks/NFL3xx-*.nft)
 * loaded with {@code nft -f} into the engine namespace of the Docker-like lab and probed with real
 * connections: the bug shows in the kernel where the check reports it, and the fixed twin, on which
 * the check is silent, works.
 */
@Tag("kernel")
class NftContainerKernelTest {

    private static final String WEB = "web";

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    private static List<Finding> findings(String id, String name) throws Exception {
        Path p = TestPaths.samples().resolve(name);
        return NftSampleChecksTest.check(p, "samples/checks/" + name).stream().filter(f -> f.id().equals(id)).toList();
    }

    private static void inLab(String sample, Consumer<KernelLab> body) throws Exception {
        String text = Files.readString(TestPaths.samples().resolve(sample));
        try (KernelLab lab = KernelLab.open()) {
            DockerLikeTopology.builder().defaultBridge().container(WEB, "docker0", "172.17.0.2").build(lab);
            CommandResult load = lab.exec(ENGINE, text, List.of("nft", "-f", "-"));
            assertThat(load.exitCode()).as("nft -f %s: %s", sample, load.stderr()).isZero();
            lab.listen(WEB, TCP, 80);
            body.accept(lab);
        }
    }

    private static Observation probe(KernelLab lab, String sample, int port) {
        return probe(lab, sample, ENGINE_UPLINK, port);
    }

    private static Observation probe(KernelLab lab, String sample, String address, int port) {
        Observation o = lab.probe(OUTSIDE, TCP, address, port);
        System.out.println("[kernel " + sample + "] " + OUTSIDE + " -> " + address + ":" + port + " tcp: " + o);
        return o;
    }

    private static void answeredByWeb(Observation o) {
        assertThat(o.result()).as("%s", o).isEqualTo(ProbeResult.ANSWERED);
        assertThat(o.answeredBy()).isEqualTo(WEB);
        assertThat(o.sourceSeen()).isEqualTo(OUTSIDE_ADDRESS);
    }

    @Test
    void nfl301AndNfl309_anAcceptOnTheHostPortAtTheForwardHookNeverMatches() throws Exception {
        String bug = "NFL301-published-port-dropped.nft";
        assertThat(findings("NFL301", bug)).isNotEmpty();
        assertThat(findings("NFL309", bug)).isNotEmpty();
        inLab(bug, lab -> assertThat(probe(lab, bug, 8080).result()).isEqualTo(ProbeResult.TIMEOUT));

        String fixed = "NFL301-published-port-dropped.fixed.nft";
        assertThat(findings("NFL301", fixed)).isEmpty();
        assertThat(findings("NFL309", fixed)).isEmpty();
        inLab(fixed, lab -> answeredByWeb(probe(lab, fixed, 8080)));
    }

    @Test
    void nfl308_anInputDropBesideDockersTablesLeavesThePublishedPortOpen() throws Exception {
        String bug = "NFL308-published-port-bypasses-input.nft";
        assertThat(findings("NFL308", bug)).isNotEmpty();
        inLab(bug, lab -> {
            lab.listen(ENGINE, TCP, 2222);
            // the input hook's drop closes the host's own port ...
            assertThat(probe(lab, bug, 2222).result()).isEqualTo(ProbeResult.TIMEOUT);
            // ... but not the published one: its packets pass the forward hook, never input
            answeredByWeb(probe(lab, bug, 8080));
        });

        String fixed = "NFL308-published-port-bypasses-input.fixed.nft";
        assertThat(findings("NFL308", fixed)).isEmpty();
        inLab(fixed, lab -> {
            lab.listen(ENGINE, TCP, 2222);
            assertThat(probe(lab, fixed, 2222).result()).isEqualTo(ProbeResult.TIMEOUT);
            // the admin's forward chain drops it by its original port: a drop is final in any table
            assertThat(probe(lab, fixed, 8080).result()).isEqualTo(ProbeResult.TIMEOUT);
        });
    }

    @Test
    void nfl612_anAcceptInTheAdminsTableCannotRescueWhatDockersChainDrops() throws Exception {
        String bug = "NFL612-nft-accept-overruled.nft";
        assertThat(findings("NFL612", bug)).isNotEmpty();
        inLab(bug, lab -> {
            lab.listen(WEB, TCP, 9000);
            assertThat(probe(lab, bug, "172.17.0.2", 9000).result()).isEqualTo(ProbeResult.TIMEOUT);
        });

        String fixed = "NFL612-nft-accept-overruled.fixed.nft";
        assertThat(findings("NFL612", fixed)).isEmpty();
        inLab(fixed, lab -> {
            lab.listen(WEB, TCP, 9000);
            answeredByWeb(probe(lab, fixed, "172.17.0.2", 9000));
        });
    }
}
