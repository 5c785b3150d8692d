package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check over every real dump of the shared corpus: none may throw, and the dumps that Docker,
 * podman, kube-proxy and ufw wrote themselves get no warning or error (they load on real hosts).
 */
class CorpusChecksTest {

    private static final Map<String, Integer> COUNTS = new TreeMap<>();

    static Stream<String> dumps() {
        return TestPaths.corpusDumps().stream();
    }

    @Test
    void corpusIsThere() {
        assertThat(TestPaths.corpusDumps()).hasSizeGreaterThan(500);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void noCheckThrows(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(TestPaths.corpus().resolve(file));
        List<Finding> findings = TestPaths.check(file, bytes);
        synchronized (COUNTS) {
            for (Finding f : findings) {
                COUNTS.merge(f.id(), 1, Integer::sum);
            }
        }
        if (System.getProperty("nflint.showFindings") != null) {
            for (Finding f : findings) {
                if (f.severity() != Severity.INFO) {
                    System.out.println(file + ":" + TestPaths.show(f));
                }
            }
        }
        // with the default work limits every rule of every corpus dump is examined in full: the
        // rule logic names no rule it left for lack of solver work, and no query reached its limit
        assertThat(findings.stream().map(Finding::message).filter(m -> m.contains("work limit")))
                .as("rules left undecided for lack of solver work in %s", file)
                .isEmpty();
        if (writtenByTool(file)) {
            // published-port findings (NFL3xx) on these hosts are real (Docker 20.10 exposes 127.0.0.1
            // publishes to neighbours); PublishedPortGroundTruthTest holds them against the bundles' probes
            assertThat(findings.stream().filter(f -> f.severity() != Severity.INFO)
                    .filter(f -> !f.id().startsWith("NFL3")).map(TestPaths::show))
                    .as("warnings on %s, which its tool wrote and loaded", file)
                    .isEmpty();
        }
    }

    /** Dumps that a container engine or firewall manager wrote and the kernel loaded. */
    private static boolean writtenByTool(String file) {
        return file.startsWith("generated/");
    }

    @AfterAll
    static void printCounts() {
        System.out.println("findings per check over the corpus: " + COUNTS);
    }
}
