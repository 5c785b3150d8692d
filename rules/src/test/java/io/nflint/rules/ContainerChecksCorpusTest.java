package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The egress and isolation checks on the bundles dockerd and podman wrote, against the probes their
 * ground-truth.json recorded between real namespaces: a check reports exactly where a probe showed
 * the problem, and stays silent where the probe showed the host behaving.
 */
class ContainerChecksCorpusTest {

    private static final Set<String> UPLINK_ADDRESSES = Set.of("198.51.100.1", "2001:db8:ff::1");

    static Stream<String> bundles() throws IOException {
        List<String> out = new ArrayList<>();
        for (String engine : List.of("docker-20.10.24", "podman-4.3.1")) {
            try (Stream<Path> s = Files.list(TestPaths.corpus().resolve("generated").resolve(engine))) {
                s.filter(p -> Files.exists(p.resolve("ground-truth.json"))).sorted()
                        .forEach(p -> out.add(engine + "/" + p.getFileName()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void findingsAgreeWithTheProbes(String bundle) throws Exception {
        Path dir = TestPaths.corpus().resolve("generated").resolve(bundle);
        List<Finding> findings = Bundles.check(dir, bundle + "/");
        Set<String> ids = findings.stream().map(Finding::id).collect(Collectors.toSet());
        JsonNode probes = new ObjectMapper().readTree(dir.resolve("ground-truth.json").toFile()).path("probes");

        boolean unNatedEgress = false;
        boolean egressAllAnswered = true;
        boolean unpublishedV4 = false;
        boolean unpublishedV6 = false;
        boolean crossNetwork = false;
        boolean probedV4 = false;
        boolean probedV6 = false;
        boolean probedCross = false;
        for (JsonNode p : probes) {
            String name = p.path("name").asText();
            String from = p.path("from").asText();
            String to = p.path("to").asText();
            boolean answered = "answered".equals(p.path("result").asText());
            boolean fromContainer = from.startsWith("container ");
            boolean v6 = name.contains("[") || to.contains("::");
            if (fromContainer && name.contains("->outside") && !v6) {
                String seen = p.path("source_address_seen_by_server").asText("");
                unNatedEgress |= answered && !UPLINK_ADDRESSES.contains(seen);
                // containers on --internal networks are meant to be cut off
                egressAllAnswered &= answered || internalSource(dir, from);
            }
            if (name.contains("unpublished") && name.contains("direct")) {
                probedV4 |= !v6;
                probedV6 |= v6;
                unpublishedV4 |= answered && !v6;
                unpublishedV6 |= answered && v6;
            }
            if (name.contains("cross-network")) {
                probedCross = true;
                crossNetwork |= answered;
            }
        }
        String shown = findings.stream().filter(f -> f.id().startsWith("NFL2") || f.id().startsWith("NFL4"))
                .map(f -> f.id() + " " + f.message()).collect(Collectors.joining("\n"));
        assertThat(ids.contains("NFL201") || ids.contains("NFL204")).as("un-NATed egress in %s:\n%s", bundle, shown)
                .isEqualTo(unNatedEgress);
        // where the scenario did not probe something, the checks may still find it: only probes count
        if (probedV4) {
            assertThat(ids.contains("NFL402")).as("unpublished port reachable over IPv4 in %s:\n%s", bundle, shown)
                    .isEqualTo(unpublishedV4);
        }
        if (probedV6 || !unpublishedV6) {
            assertThat(ids.contains("NFL403")).as("unpublished port reachable over IPv6 in %s:\n%s", bundle, shown)
                    .isEqualTo(unpublishedV6 && probedV6);
        }
        if (probedCross) {
            assertThat(ids.contains("NFL401")).as("cross-network reachability in %s:\n%s", bundle, shown)
                    .isEqualTo(crossNetwork);
        }
        if (egressAllAnswered) {
            assertThat(ids).as("egress works in %s:\n%s", bundle, shown).doesNotContain("NFL202", "NFL203");
        }
        assertThat(ids).as("no other forwarding in %s", bundle).doesNotContain("NFL404");
    }

    /** Whether the probing container sits only on an --internal network (scenario g's db). */
    private static boolean internalSource(Path dir, String from) {
        return from.contains("internal") || from.startsWith("container db");
    }
}
