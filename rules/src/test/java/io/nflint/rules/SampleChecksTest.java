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

    /** Host bundle samples: directories NFLxxx-name/ and NFLxxx-name.fixed/ with dumps and host facts. */
    static List<Path> bundleSamples() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.samples())) {
            return files.filter(Files::isDirectory).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBundleSampleMeetsItsExpectations() throws IOException {
        return bundleSamples().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString() + "/", () -> {
            String name = dir.getFileName().toString();
            String shown = "samples/checks/" + name + "/";
            List<Finding> findings = Bundles.check(dir, shown);
            boolean expectedOwn = false;
            List<String> problems = new java.util.ArrayList<>();
            for (String dump : List.of("iptables.rules", "ip6tables.rules", "ebtables.rules")) {
                Path f = dir.resolve(dump);
                if (!Files.exists(f)) {
                    continue;
                }
                SampleExpectations expected = SampleExpectations.read(Files.readAllBytes(f));
                expectedOwn |= expected.expectations().stream().anyMatch(e -> e.id().equals(name.substring(0, 6)));
                problems.addAll(expected.mismatches(findings.stream()
                        .filter(x -> x.span().file().equals(shown + dump)).toList()));
            }
            findings.stream().filter(x -> !x.span().file().startsWith(shown))
                    .forEach(x -> problems.add("finding outside the bundle's dumps " + TestPaths.show(x)));
            if (!name.endsWith(".fixed")) {
                assertThat(expectedOwn).as("%s expects a finding of its own check", name).isTrue();
            }
            assertThat(problems).as("findings of %s", name).isEmpty();
        }));
    }

    @Test
    void samplesAreThere() throws IOException {
        long structural = CheckRegistry.all().stream()
                .filter(c -> c.getClass().getPackageName().equals("io.nflint.rules.checks")).count();
        assertThat(samples().size() + bundleSamples().size()).isGreaterThanOrEqualTo((int) (2 * structural));
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
}
