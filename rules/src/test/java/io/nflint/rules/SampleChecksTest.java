package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every check on every sample under samples/checks/ and compares with its expectation
 * comments, Error Prone style: an unexpected finding fails as much as a missing one.
 */
class SampleChecksTest {

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.samples())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".rules")).sorted().toList();
        }
    }

    /** Host bundles as samples: directories whose iptables.rules carries the expectations. */
    static List<Path> bundles() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.samples())) {
            return files.filter(Files::isDirectory).filter(p -> Files.exists(p.resolve("iptables.rules"))).sorted()
                    .toList();
        }
    }

    @Test
    void samplesAreThere() throws IOException {
        long structural = CheckRegistry.all().stream()
                .filter(c -> c.getClass().getPackageName().equals("io.nflint.rules.checks")).count();
        assertThat(samples().size() + bundles().size()).isGreaterThanOrEqualTo((int) (2 * structural));
    }

    @TestFactory
    Stream<DynamicTest> everySampleMeetsItsExpectations() throws IOException {
        return samples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            byte[] bytes = Files.readAllBytes(p);
            SampleExpectations expected = SampleExpectations.read(bytes);
            String name = p.getFileName().toString();
            if (!name.endsWith(".fixed.rules")) {
                String id = name.substring(0, 6);
                assertThat(expected.expectations()).as("%s expects a finding of its own check", name)
                        .anyMatch(e -> e.id().equals(id));
            }
            List<Finding> findings = TestPaths.check("samples/checks/" + name, bytes);
            assertThat(expected.mismatches(findings)).as("findings of %s", name).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyBundleSampleMeetsItsExpectations() throws IOException {
        return bundles().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            String name = dir.getFileName().toString();
            SampleExpectations expected = SampleExpectations.read(Files.readAllBytes(dir.resolve("iptables.rules")));
            if (!name.endsWith(".fixed")) {
                assertThat(expected.expectations()).as("%s expects a finding of its own check", name)
                        .anyMatch(e -> e.id().equals(name.substring(0, 6)));
            }
            // expectations live in iptables.rules; a finding in another file of the bundle is unexpected
            List<Finding> findings = TestPaths.checkBundle(dir);
            List<Finding> elsewhere = findings.stream()
                    .filter(f -> !f.span().file().endsWith("iptables.rules") || f.span().file().endsWith("ip6tables.rules"))
                    .toList();
            assertThat(elsewhere.stream().map(TestPaths::show)).as("findings of %s outside iptables.rules", name)
                    .isEmpty();
            assertThat(expected.mismatches(findings)).as("findings of %s", name).isEmpty();
        }));
    }
}
