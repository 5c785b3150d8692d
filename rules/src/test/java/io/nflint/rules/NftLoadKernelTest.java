package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.kernel.CommandResult;
import io.nflint.kernel.KernelLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Loads the nft samples and the corpus's broken variants with the real {@code nft -f} in a network
 * namespace: nflint reports an error exactly where the kernel (not only {@code nft -c}) refuses the
 * file, and only warnings or nothing where it loads.
 */
@Tag("kernel")
class NftLoadKernelTest {

    private static KernelLab lab;
    private static String ns;

    @BeforeAll
    static void open() {
        Optional<String> why = KernelLab.unavailableReason();
        if (why.isEmpty() && Stream.of("/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft").noneMatch(p -> Files.isExecutable(Path.of(p)))) {
            why = Optional.of("nft is not installed (.ci/install-kernel-deps installs it)");
        }
        why.ifPresent(w -> System.out.println("NftLoadKernelTest skipped: " + w));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
        lab = KernelLab.open();
        ns = lab.addNamespace("nft");
    }

    @AfterAll
    static void close() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    private static CommandResult nft(String... args) {
        List<String> cmd = new ArrayList<>(List.of("nft"));
        cmd.addAll(List.of(args));
        return lab.exec("nft", null, cmd);
    }

    static List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(TestPaths.samples())) {
            s.filter(p -> p.getFileName().toString().endsWith(".nft")).sorted().forEach(out::add);
        }
        try (Stream<Path> s = Files.list(TestPaths.corpus().resolve("nft").resolve("bad-inputs"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".nft")).sorted().forEach(out::add);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> nflintReportsAnErrorExactlyWhenTheKernelRefusesTheFile() throws IOException {
        return files().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            nft("flush", "ruleset").orThrow();
            CommandResult load = nft("-f", f.toString());
            List<Finding> findings = NftSampleChecksTest.check(f, f.getFileName().toString());
            boolean nflintError = findings.stream().anyMatch(x -> x.severity() == Severity.ERROR);
            assertThat(nflintError).as("nft -f exit %d (%s); nflint: %s", load.exitCode(), load.stderr().strip(),
                    findings.stream().map(TestPaths::show).toList()).isEqualTo(load.exitCode() != 0);
        }));
    }

    /** The case a CI gate running only nft -c misses: NAT in a filter chain passes the check and fails the load. */
    @Test
    void masqueradeInAFilterChainPassesNftCheckButNotTheKernel() {
        Path f = TestPaths.samples().resolve("NFL606-nft-base-chain-rejected.fixed.nft");
        Path bad = TestPaths.corpus().resolve("nft").resolve("bad-inputs").resolve("masquerade-in-filter-chain.nft");
        nft("flush", "ruleset").orThrow();
        assertThat(nft("-c", "-f", bad.toString()).exitCode()).isZero();
        assertThat(nft("-f", bad.toString()).exitCode()).isNotZero();
        assertThat(nft("-f", f.toString()).exitCode()).isZero();
    }
}
