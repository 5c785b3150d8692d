package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published-port checks (NFL3xx) on the bundles dockerd and podman wrote, held against the
 * probes their ground-truth.json recorded on the real hosts: every finding whose witness names a
 * probed connection must predict that probe's result, and a bundle whose published-port probes all
 * answered gets no NFL3xx warning.
 */
class PublishedPortGroundTruthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code tcp 198.51.100.20:40001 -> 198.51.100.1:8080, in ext0} (sources may be "(host)"). */
    private static final Pattern WITNESS = Pattern.compile(
            "(?:reply to )?(\\w+) (\\S+):\\d+ -> ([0-9.]+):(\\d+), (in (\\S+)|generated on the host)");

    static Stream<Path> bundles() throws IOException {
        Path gen = TestPaths.corpus().resolve("generated");
        try (Stream<Path> s = Files.walk(gen, 2)) {
            return s.filter(p -> Files.exists(p.resolve("ground-truth.json"))).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void findingsAgreeWithTheProbes(Path bundle) throws IOException {
        JsonNode truth = JSON.readTree(bundle.resolve("ground-truth.json").toFile());
        String uplink = truth.path("topology").path("engine_uplink").asText().split("[ /]")[1];
        List<Finding> findings = TestPaths.checkBundle(bundle).stream().filter(f -> f.id().startsWith("NFL3")).toList();
        List<String> problems = new ArrayList<>();
        for (Finding f : findings) {
            Optional<JsonNode> probe = probeFor(truth, f, uplink);
            if (probe.isEmpty()) {
                continue;
            }
            String result = probe.get().path("result").asText();
            boolean answered = result.equals("answered");
            boolean predictsAnswer = f.id().equals("NFL307") || f.id().equals("NFL308")
                    || (f.id().equals("NFL310") && f.message().contains("only docker-proxy serves it"));
            if (answered != predictsAnswer) {
                problems.add(f.id() + " \"" + f.message() + "\" but probe \"" + probe.get().path("name").asText()
                        + "\" was " + result);
            } else if (f.id().equals("NFL310") && predictsAnswer) {
                // through the proxy the container sees the proxy's address, not the client's
                String seen = probe.get().path("source_address_seen_by_server").asText();
                if (seen.equals(truth.path("topology").path("outside_address").asText())) {
                    problems.add("NFL310 says only docker-proxy serves it, but the container saw the client " + seen);
                }
            }
        }
        assertThat(problems).as("NFL3xx findings against %s/ground-truth.json", bundle.getFileName()).isEmpty();
        if (publishedPortProbesAllAnswered(truth, uplink)) {
            assertThat(findings.stream().filter(f -> f.severity() != Severity.INFO).map(TestPaths::show))
                    .as("NFL3xx warnings on %s, whose published-port probes all answered", bundle.getFileName())
                    .isEmpty();
        }
    }

    @Test
    void theBrokenBundlesAreReported() throws IOException {
        List<String> want = List.of("i-iptables-false NFL310", "c-two-containers-multi-publish NFL307",
                "f-userland-proxy-false NFL307", "netavark-b-default-net-publish-8080 NFL306",
                "netavark-d-user-net-appnet-plus-default NFL306", "cni-c-two-containers-multi-publish NFL307");
        List<String> seen = new ArrayList<>();
        int withProbe = 0;
        for (Path b : bundles().toList()) {
            JsonNode truth = JSON.readTree(b.resolve("ground-truth.json").toFile());
            String uplink = truth.path("topology").path("engine_uplink").asText().split("[ /]")[1];
            for (Finding f : TestPaths.checkBundle(b)) {
                seen.add(b.getFileName() + " " + f.id());
                if (f.id().startsWith("NFL3") && probeFor(truth, f, uplink).isPresent()) {
                    withProbe++;
                }
            }
        }
        assertThat(seen).containsAll(want);
        // the agreement test is not vacuous: most findings name a probe the engines' hosts answered
        assertThat(withProbe).as("NFL3xx findings matched to a ground-truth probe").isGreaterThanOrEqualTo(6);
    }

    /** The probe a finding's witness describes: same destination, and the same kind of sender. */
    private static Optional<JsonNode> probeFor(JsonNode truth, Finding f, String uplink) {
        if (f.witness() == null) {
            return f.id().equals("NFL310") ? outsideProbe(truth, uplink, f.message()) : Optional.empty();
        }
        Matcher m = WITNESS.matcher(f.witness().packet());
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        String to = m.group(3) + ":" + m.group(4) + "/" + m.group(1);
        String src = m.group(2);
        String iface = m.group(6);
        for (JsonNode p : truth.path("probes")) {
            String from = p.path("from").asText();
            if (!p.path("to").asText().equals(to)) {
                continue;
            }
            boolean host = iface == null && from.startsWith("engine");
            boolean outside = iface != null && iface.equals(uplinkIface(truth)) && from.startsWith("outside");
            boolean container = iface != null && from.startsWith("container ") && from.matches(".*\"" + Pattern.quote(src) + "[\" ].*");
            if (host || outside || container) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** NFL310 has no walk: the outside probe to the uplink address and the binding's host port. */
    private static Optional<JsonNode> outsideProbe(JsonNode truth, String uplink, String message) {
        Matcher m = Pattern.compile("publishes (\\w+)/(\\d+) ").matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        String to = uplink + ":" + m.group(2) + "/" + m.group(1);
        for (JsonNode p : truth.path("probes")) {
            if (p.path("to").asText().equals(to) && p.path("from").asText().startsWith("outside")) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String uplinkIface(JsonNode truth) {
        return truth.path("topology").path("engine_uplink").asText().split(" ")[0];
    }

    /**
     * Probes to a published host port (uplink address, 127.0.0.1 or a gateway): whether all answered,
     * outside clients under their own address.
     */
    private static boolean publishedPortProbesAllAnswered(JsonNode truth, String uplink) {
        Set<String> ports = new HashSet<>();
        for (JsonNode c : truth.path("topology").path("containers")) {
            c.path("ports").forEach(bindings -> bindings.forEach(b -> ports.add(b.path("HostPort").asText())));
        }
        boolean any = false;
        for (JsonNode p : truth.path("probes")) {
            String to = p.path("to").asText();
            int colon = to.lastIndexOf(':');
            String port = to.substring(colon + 1).replaceAll("/.*", "");
            String addr = to.substring(0, colon);
            if (ports.contains(port) && (addr.equals(uplink) || addr.equals("127.0.0.1") || addr.endsWith(".1"))) {
                any = true;
                if (!p.path("result").asText().equals("answered")) {
                    return false;
                }
                // an outside client seen under another address went through a proxy, not the mapping
                String outside = truth.path("topology").path("outside_address").asText();
                if (p.path("from").asText().startsWith("outside")
                        && !p.path("source_address_seen_by_server").asText().equals(outside)) {
                    return false;
                }
            }
        }
        return any;
    }
}
