package io.nflint.walk;

import static io.nflint.walk.Walks.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.json.NftJsonReader;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every nft ruleset of the corpus (text and JSON; broken inputs included, walked as far as they
 * were read): the walker ends every probe in an outcome, never an exception, and the corpus's
 * native base chains are really walked.
 */
class NftCorpusWalkTest {

    private static Path corpus() {
        String shared = System.getProperty("nflint.shared");
        if (shared == null) {
            throw new AssertionError("system property nflint.shared is not set (surefire sets it)");
        }
        return Path.of(shared, "corpus", "nft");
    }

    private static List<Path> rulesets() throws IOException {
        try (Stream<Path> s = Files.walk(corpus())) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".nft") || n.endsWith(".conf") || n.endsWith(".json") || n.endsWith(".rules");
            }).sorted().toList();
        }
    }

    private static NftRuleset read(Path p) throws IOException {
        byte[] bytes = Files.readAllBytes(p);
        String name = corpus().relativize(p).toString();
        if (p.getFileName().toString().endsWith(".json")) {
            return NftJsonReader.read(name, bytes);
        }
        return NftTextParser.parse(name, new String(bytes, StandardCharsets.UTF_8), p.getParent(),
                NftParseOptions.defaults());
    }

    private static final List<WalkRequest> PROBES = List.of(
            WalkRequest.arriving("ext0", Packet.tcp(ip("198.51.100.2"), 40000, ip("172.17.0.2"), 80)),
            WalkRequest.arriving("ext0", Packet.tcp(ip("198.51.100.2"), 40000, ip("198.51.100.1"), 22)),
            WalkRequest.arriving("ext0", Packet.udp(ip("198.51.100.2"), 40000, ip("198.51.100.1"), 53)),
            WalkRequest.arriving("ext0", Packet.tcp(ip("198.51.100.2"), 40000, ip("198.51.100.1"), 8080)).asReply(),
            WalkRequest.arriving("v-web", Packet.tcp(ip("172.17.0.2"), 40000, ip("203.0.113.9"), 443)),
            WalkRequest.local(Packet.tcp(null, 40000, ip("203.0.113.9"), 443)),
            WalkRequest.arriving("ext0", Packet.tcp(ip("2001:db8:1::2"), 40000, ip("2001:db8:1::1"), 22)));

    @Test
    void everyProbeOnEveryCorpusRulesetEndsInAnOutcome() throws IOException {
        HostView host = Walks.dockerHost().iface("ext0", "198.51.100.1/24", "2001:db8:1::1/64").build();
        List<String> failures = new ArrayList<>();
        int files = 0;
        int nftSteps = 0;
        for (Path p : rulesets()) {
            NftRuleset rs = read(p);
            files++;
            Walker w = new Walker(host, List.of(), rs);
            for (WalkRequest req : PROBES) {
                try {
                    WalkResult r = w.walk(req);
                    if (r.outcomes().isEmpty() || r.outcomes().stream().anyMatch(o -> o.verdict() == null)) {
                        failures.add(p + ": " + req.describe() + ": no outcome");
                    }
                    nftSteps += r.outcomes().stream().mapToInt(o -> (int) o.steps().stream().filter(s -> s.nft() != null).count()).sum();
                } catch (RuntimeException e) {
                    failures.add(p + ": " + req.describe() + ": " + e + " at " + List.of(e.getStackTrace()).subList(0, 3));
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(files).as("corpus rulesets read").isGreaterThan(300);
        assertThat(nftSteps).as("steps through native nft chains").isGreaterThan(1000);
    }
}
