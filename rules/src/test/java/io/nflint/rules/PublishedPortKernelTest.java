package io.nflint.rules;

import static io.nflint.kernel.DockerLikeTopology.ENGINE;
import static io.nflint.kernel.DockerLikeTopology.ENGINE_UPLINK;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE;
import static io.nflint.kernel.DockerLikeTopology.OUTSIDE_ADDRESS;
import static io.nflint.kernel.Proto.TCP;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.kernel.DockerLikeTopology;
import io.nflint.kernel.KernelAssumptions;
import io.nflint.kernel.KernelLab;
import io.nflint.kernel.Observation;
import io.nflint.kernel.ProbeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The published-port checks against the kernel: each bug sample in samples/checks/ is restored into
 * the engine of a {@link DockerLikeTopology} (docker0 172.17.0.1/16, web 172.17.0.2 listening on 80,
 * the samples' -p 8080:80), the kernel shows the problem the check reports, and the check reports it
 * on that very file; the fixed twin makes the problem go away in the kernel and silences the check.
 */
@Tag("kernel")
class PublishedPortKernelTest {

    private static final String WEB = "web";
    private static final String WEB_IP = "172.17.0.2";
    private static final String GATEWAY = "172.17.0.1";

    @BeforeAll
    static void needsKernelLab() {
        KernelAssumptions.assumeKernelLab();
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] sample(String name) {
        try {
            return Files.readAllBytes(TestPaths.samples().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The findings of check {@code id} on samples/checks/NAME, as SampleChecksTest runs it. */
    private static List<Finding> findings(String id, String name) {
        return TestPaths.check("samples/checks/" + name, sample(name)).stream().filter(f -> f.id().equals(id))
                .toList();
    }

    private static List<Finding> bundleFindings(String id, String name) {
        try {
            return Bundles.check(TestPaths.samples().resolve(name), "samples/checks/" + name + "/").stream()
                    .filter(f -> f.id().equals(id)).toList();
        } catch (Exception e) {
            throw new AssertionError("bundle " + name + ": " + e, e);
        }
    }

    private static void assertReports(String id, String name, List<Finding> found) {
        found.forEach(f -> System.out.println("[kernel " + name + "] " + TestPaths.show(f)));
        assertThat(found).as("%s on %s", id, name).isNotEmpty();
    }

    private static void assertSilent(String id, String name, List<Finding> found) {
        assertThat(found).as("%s on %s", id, name).extracting(TestPaths::show).isEmpty();
    }

    private static DockerLikeTopology oneWeb() {
        return DockerLikeTopology.builder().defaultBridge().container(WEB, "docker0", WEB_IP);
    }

    /** Builds the topology, restores the dump into the engine, starts web's listener on 80, runs {@code body}. */
    private static void inLab(DockerLikeTopology topology, String dump, Consumer<KernelLab> body) {
        try (KernelLab lab = KernelLab.open()) {
            topology.build(lab).restoreEngine(dump);
            lab.listen(WEB, TCP, 80);
            body.accept(lab);
        }
    }

    private static Observation probe(KernelLab lab, String scenario, String from, String address, int port) {
        Observation o = lab.probe(from, TCP, address, port);
        System.out.println("[kernel " + scenario + "] " + from + " -> " + address + ":" + port + " tcp: " + o);
        return o;
    }

    private static void assertAnsweredByWeb(Observation o, String source) {
        assertThat(o.result()).as("%s", o).isEqualTo(ProbeResult.ANSWERED);
        assertThat(o.answeredBy()).isEqualTo(WEB);
        assertThat(o.sourceSeen()).isEqualTo(source);
    }

    private static void assertTimeout(Observation o) {
        assertThat(o.result()).as("%s", o).isEqualTo(ProbeResult.TIMEOUT);
    }

    // ------------------------------------------------------------------ NFL301

    @Test
    void nfl301_forwardDropsThePublishedPortWithTheBugAndPassesItWhenFixed() {
        String bug = "NFL301-published-port-dropped.rules";
        assertReports("NFL301", bug, findings("NFL301", bug));
        inLab(oneWeb(), new String(sample(bug)), lab -> {
            assertTimeout(probe(lab, bug, OUTSIDE, ENGINE_UPLINK, 8080));
            // DNAT'd, then dropped: the DNAT rule counted the SYN, the ACCEPT written for 8080 never matched
            assertThat(lab.packetsMatching(ENGINE, "--dport 8080 -j DNAT")).isPositive();
            assertThat(lab.packetsMatching(ENGINE, "--dport 8080 -j ACCEPT")).isZero();
        });

        String fixed = "NFL301-published-port-dropped.fixed.rules";
        assertSilent("NFL301", fixed, findings("NFL301", fixed));
        inLab(oneWeb(), new String(sample(fixed)),
                lab -> assertAnsweredByWeb(probe(lab, fixed, OUTSIDE, ENGINE_UPLINK, 8080), OUTSIDE_ADDRESS));
    }

    // ------------------------------------------------------------------ NFL307

    @Test
    void nfl307_localhostPublishReachableFromANeighbourWithTheBugAndNotWhenFixed() {
        // The neighbour routes 127.0.0.1 to the engine and accepts replies from 127.0.0.1 on its own
        // interface (route_localnet on out0); the engine keeps route_localnet=0.
        String bug = "NFL307-localhost-publish-exposed.rules";
        assertReports("NFL307", bug, findings("NFL307", bug));
        inLab(oneWeb().outsideRoutesLoopbackToEngine(), new String(sample(bug)), lab -> {
            assertThat(lab.sysctlValue(ENGINE, "net.ipv4.conf.all.route_localnet")).isEqualTo("0");
            assertAnsweredByWeb(probe(lab, bug, OUTSIDE, "127.0.0.1", 8080), OUTSIDE_ADDRESS);
        });

        String fixed = "NFL307-localhost-publish-exposed.fixed.rules";
        assertSilent("NFL307", fixed, findings("NFL307", fixed));
        inLab(oneWeb().outsideRoutesLoopbackToEngine(), new String(sample(fixed)), lab -> {
            assertTimeout(probe(lab, fixed, OUTSIDE, "127.0.0.1", 8080));
            assertThat(lab.packetsMatching(ENGINE, "-d 127.0.0.1/32 ! -i lo -p tcp -m tcp --dport 8080 -j DROP"))
                    .isPositive();
        });
    }

    // ------------------------------------------------------------------ NFL308

    @Test
    void nfl308_inputDropDoesNotCloseThePublishedPortButDockerUserDoes() {
        String bug = "NFL308-published-port-bypasses-input.rules";
        assertReports("NFL308", bug, findings("NFL308", bug));
        inLab(oneWeb(), new String(sample(bug)), lab -> {
            lab.listen(ENGINE, TCP, 2222);
            // INPUT DROP does close the host's own port ...
            assertTimeout(probe(lab, bug, OUTSIDE, ENGINE_UPLINK, 2222));
            // ... but not the published one: its packets pass FORWARD, never INPUT
            assertAnsweredByWeb(probe(lab, bug, OUTSIDE, ENGINE_UPLINK, 8080), OUTSIDE_ADDRESS);
        });

        String fixed = "NFL308-published-port-bypasses-input.fixed.rules";
        assertSilent("NFL308", fixed, findings("NFL308", fixed));
        inLab(oneWeb(), new String(sample(fixed)), lab -> {
            lab.listen(ENGINE, TCP, 2222);
            assertTimeout(probe(lab, fixed, OUTSIDE, ENGINE_UPLINK, 2222));
            assertTimeout(probe(lab, fixed, OUTSIDE, ENGINE_UPLINK, 8080));
            assertThat(lab.packetsMatching(ENGINE, "--ctorigdstport 8080")).isPositive();
            // the admin network the fixed DOCKER-USER rule exempts still gets through
            lab.ip(OUTSIDE, "addr", "add", "192.0.2.10/32", "dev", "out0").orThrow();
            lab.ip(OUTSIDE, "route", "replace", ENGINE_UPLINK + "/32", "dev", "out0", "src", "192.0.2.10").orThrow();
            assertAnsweredByWeb(probe(lab, fixed, OUTSIDE, ENGINE_UPLINK, 8080), "192.0.2.10");
        });
    }

    // ------------------------------------------------------------------ NFL304

    @Test
    void nfl304_replyDroppedWithTheBugAndPassesWhenFixed() {
        String bug = "NFL304-published-port-reply-dropped.rules";
        assertReports("NFL304", bug, findings("NFL304", bug));
        inLab(oneWeb(), new String(sample(bug)), lab -> {
            assertTimeout(probe(lab, bug, OUTSIDE, ENGINE_UPLINK, 8080));
            // the SYN got through FORWARD to web: it is the SYN-ACK that FORWARD drops
            assertThat(lab.packetsMatching(ENGINE,
                    "-d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT")).isPositive();
            List<String> flows = lab.conntrack(ENGINE);
            System.out.println("[kernel " + bug + "] conntrack " + flows);
            assertThat(flows).anyMatch(l -> l.contains("dport=8080") && l.contains("SYN_RECV"));
        });

        String fixed = "NFL304-published-port-reply-dropped.fixed.rules";
        assertSilent("NFL304", fixed, findings("NFL304", fixed));
        inLab(oneWeb(), new String(sample(fixed)),
                lab -> assertAnsweredByWeb(probe(lab, fixed, OUTSIDE, ENGINE_UPLINK, 8080), OUTSIDE_ADDRESS));
    }

    // ------------------------------------------------------------------ NFL306

    private static final Pattern HAIRPIN = Pattern.compile("\"hairpin\"\\s*:\\s*(true|false)");

    /** The lab's web port gets the hairpin mode the bundle's bridge-link.json gives web's bridge port. */
    private static boolean bundleHairpin(Path bundle) {
        try {
            Matcher m = HAIRPIN.matcher(Files.readString(bundle.resolve("bridge-link.json")));
            assertThat(m.find()).as("hairpin in %s/bridge-link.json", bundle.getFileName()).isTrue();
            return Boolean.parseBoolean(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Observation hairpinProbe(String name) {
        Path bundle = TestPaths.samples().resolve(name);
        boolean hairpin = bundleHairpin(bundle);
        Observation[] seen = new Observation[1];
        DockerLikeTopology topology = DockerLikeTopology.builder().defaultBridge()
                .container(WEB, "docker0", WEB_IP, hairpin);
        String dump;
        try {
            dump = Files.readString(bundle.resolve("iptables.rules"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inLab(topology, dump, lab -> {
            System.out.println("[kernel " + name + "] hairpin " + hairpin);
            seen[0] = probe(lab, name, WEB, ENGINE_UPLINK, 8080);
            Observation viaGateway = probe(lab, name, WEB, GATEWAY, 8080);
            assertThat(viaGateway.result()).isEqualTo(seen[0].result());
        });
        return seen[0];
    }

    @Test
    void nfl306_containerCannotReachItsOwnPublishedPortWithoutHairpin() {
        String bug = "NFL306-published-port-hairpin-broken";
        assertReports("NFL306", bug, bundleFindings("NFL306", bug));
        assertTimeout(hairpinProbe(bug));

        String fixed = "NFL306-published-port-hairpin-broken.fixed";
        assertSilent("NFL306", fixed, bundleFindings("NFL306", fixed));
        // the hairpin MASQUERADE makes web see the bridge gateway as the peer
        assertAnsweredByWeb(hairpinProbe(fixed), GATEWAY);
    }
}
