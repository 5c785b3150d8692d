package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Family;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The samples against the real kernel: every fixed twin loads with iptables-restore (nft and
 * legacy backends, a real restore, which also runs the kernel's checks that {@code --test} skips)
 * in a throw-away network namespace; the positive samples of checks that say "restore fails" are
 * refused by at least one backend. Skips, saying why, when not root or without namespaces.
 */
@Tag("kernel")
class SampleKernelTest {

    /** Checks whose positive sample iptables-restore refuses (on at least one backend). */
    private static final Set<String> REFUSED = Set.of("NFL001", "NFL002", "NFL003", "NFL004", "NFL005", "NFL006",
            "NFL007", "NFL009", "NFL010");

    private static String netns;

    @BeforeAll
    static void createNamespace() throws Exception {
        String why = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            why = "not root";
        } else {
            String name = "nflt-chk-" + ThreadLocalRandom.current().nextInt(1_000_000);
            Result r = run(List.of("ip", "netns", "add", name), null);
            if (r.exit() == 0) {
                netns = name;
            } else {
                why = "cannot create a network namespace: " + r.output().strip();
            }
        }
        if (why != null) {
            System.out.println("SampleKernelTest skipped: " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        if (netns != null) {
            run(List.of("ip", "netns", "delete", netns), null);
        }
    }

    record Result(int exit, String output) {
    }

    private static Result run(List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static List<String> restoreCommands(Path sample) throws IOException {
        Family family = TestPaths.parse(sample.toString(), Files.readAllBytes(sample)).family();
        String tool = family == Family.IPV6 ? "ip6tables" : "iptables";
        List<String> commands = new ArrayList<>();
        commands.add(tool + "-nft-restore");
        commands.add(tool + "-legacy-restore");
        return commands;
    }

    private static Result restore(String command, Path sample) throws IOException, InterruptedException {
        return run(List.of("ip", "netns", "exec", netns, command), sample);
    }

    @TestFactory
    Stream<DynamicTest> fixedTwinsLoad() throws IOException {
        return SampleChecksTest.samples().stream()
                .filter(p -> p.getFileName().toString().endsWith(".fixed.rules"))
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    for (String command : restoreCommands(p)) {
                        Result r = restore(command, p);
                        assertThat(r.exit()).as("%s < %s: %s", command, p.getFileName(), r.output()).isZero();
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> positiveSamplesAreRefused() throws IOException {
        return SampleChecksTest.samples().stream()
                .filter(p -> !p.getFileName().toString().endsWith(".fixed.rules"))
                .filter(p -> REFUSED.contains(p.getFileName().toString().substring(0, 6)))
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    List<String> outcomes = new ArrayList<>();
                    boolean refused = false;
                    for (String command : restoreCommands(p)) {
                        Result r = restore(command, p);
                        refused |= r.exit() != 0;
                        outcomes.add(command + " exit " + r.exit() + " " + r.output().strip());
                    }
                    System.out.println(p.getFileName() + ": " + outcomes);
                    assertThat(refused).as("some backend refuses %s: %s", p.getFileName(), outcomes).isTrue();
                }));
    }
}
