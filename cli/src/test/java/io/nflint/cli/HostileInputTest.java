package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs built to break nflint, and inputs an unlucky user produces, through the real parser and
 * checks: each ends in a clear answer (a finding, or exit 2 with a position), never a stack trace.
 */
class HostileInputTest {

    @TempDir
    Path dir;

    private CliRun real(String... args) {
        CliServices s = CliServices.system().withTerminal(false, false).withEnv(Map.of())
                .withStdin(new ByteArrayInputStream(new byte[0]));
        return CliRun.run(new CliServices(s.parser(), s.checks(), s.stdin(), s.env(), dir, false, false), args);
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    /** {@code n} user chains, each jumping to the next, the last back to the first when {@code cycle}. */
    static List<String> jumpChain(int n, boolean cycle) {
        List<String> l = new ArrayList<>(List.of("*filter", ":INPUT ACCEPT [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]"));
        for (int i = 0; i < n; i++) {
            l.add(":C" + i + " - [0:0]");
        }
        l.add("-A INPUT -p tcp -j C0");
        for (int i = 0; i < n - 1; i++) {
            l.add("-A C" + i + " -p tcp -j C" + (i + 1));
        }
        l.add("-A C" + (n - 1) + " -p tcp -j " + (cycle ? "C0" : "DROP"));
        l.add("COMMIT");
        return l;
    }

    @Test
    void aJumpCycleThroughSixThousandChainsIsAFindingNotACrash() throws IOException {
        write("cycle.rules", jumpChain(6000, true));
        CliRun r = real("check", "cycle.rules");
        assertThat(r.err()).doesNotContain("internal error").doesNotContain("ran out of");
        assertThat(r.out()).contains("[NFL009]");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FINDINGS);
    }

    @Test
    void diffOfADeepJumpCycleAnswersInsteadOfCrashing() throws IOException {
        write("cycle.rules", jumpChain(6000, true));
        write("chain.rules", jumpChain(6000, false));
        CliRun r = real("diff", "cycle.rules", "chain.rules");
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("internal error").doesNotContain("ran out of");
        assertThat(r.exitCode()).isIn(ExitCode.OK, ExitCode.FINDINGS, ExitCode.BAD_INPUT);
    }

    private static final List<String> TYPO = List.of("*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]",
            ":OUTPUT ACCEPT [0:0]", "-A INPUT -p tcp --dprot 22 -j DROP", "COMMIT");

    @Test
    void traceRefusesATypoInItsOnlyDropRuleUnlessToldToIgnoreIt() throws IOException {
        write("typo.rules", TYPO);
        CliRun r = real("trace", "typo.rules", "--local", "--proto", "tcp", "--dst", "10.0.0.1:22");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("nflint: typo.rules:5:17: unknown option \"--dprot\"").contains("--ignore-errors");
        assertThat(r.out()).isEmpty();
        CliRun ignored = real("trace", "typo.rules", "--local", "--proto", "tcp", "--dst", "10.0.0.1:22", "--ignore-errors");
        assertThat(ignored.exitCode()).as(ignored.err()).isEqualTo(ExitCode.OK);
        assertThat(ignored.out()).contains("=>");
    }

    @Test
    void matrixAndDiffRefuseInputWithSyntaxErrors() throws IOException {
        write("typo.rules", TYPO);
        write("ok.rules", List.of("*filter", ":INPUT ACCEPT [0:0]", "COMMIT"));
        CliRun m = real("matrix", "typo.rules");
        assertThat(m.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(m.err()).startsWith("nflint: typo.rules:5:17: ");
        CliRun d = real("diff", "ok.rules", "typo.rules");
        assertThat(d.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(d.err()).startsWith("nflint: typo.rules:5:17: ");
    }

    @Test
    void aDumpTruncatedBeforeCommitIsBadInputEverywhere() throws IOException {
        write("cut.rules", List.of("*filter", ":INPUT ACCEPT [0:0]", "-A INPUT -p tcp --dport 22 -j DROP"));
        CliRun c = real("check", "cut.rules");
        assertThat(c.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(c.out()).contains("has no COMMIT").contains("[NFL004]");
        CliRun t = real("trace", "cut.rules", "--local", "--proto", "tcp", "--dst", "10.0.0.1:22");
        assertThat(t.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(t.err()).contains("cut.rules:3:").contains("has no COMMIT");
    }

    @Test
    void aBaselineWrittenFromGarbageDoesNotMakeTheGarbagePass() throws IOException {
        write("typo.rules", TYPO);
        CliRun w = real("check", "--write-baseline", "b.json", "typo.rules");
        assertThat(w.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(Files.readString(dir.resolve("b.json"))).doesNotContain("NFL001");
        CliRun r = real("check", "--baseline", "b.json", "typo.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).contains("[NFL001]");
    }

    @Test
    void devicesDirectoriesAndDanglingLinksAreRefusedByType() throws IOException {
        write("ok.rules", List.of("*filter", ":INPUT ACCEPT [0:0]", "COMMIT"));
        CliRun zero = real("check", "/dev/zero");
        assertThat(zero.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(zero.err()).contains("/dev/zero: is a character device");
        CliRun baseline = real("check", "--baseline", "/dev/zero", "ok.rules");
        assertThat(baseline.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(baseline.err()).contains("is a character device");
        CliRun config = real("check", "--config", "/dev/zero", "ok.rules");
        assertThat(config.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        Files.createSymbolicLink(dir.resolve("gone.rules"), dir.resolve("nowhere.rules"));
        CliRun dangling = real("check", "gone.rules");
        assertThat(dangling.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(dangling.err()).contains("gone.rules: is a dangling symbolic link");
    }

    @Test
    void aBundleWhoseIptablesRulesIsNotAFileIsAnErrorNotSkipped() throws IOException, InterruptedException {
        Path dangling = Files.createDirectories(dir.resolve("dangling"));
        Files.createSymbolicLink(dangling.resolve("iptables.rules"), dir.resolve("missing"));
        Path directory = Files.createDirectories(dir.resolve("directory/iptables.rules"));
        Path zero = Files.createDirectories(dir.resolve("zero"));
        Files.createSymbolicLink(zero.resolve("iptables.rules"), Path.of("/dev/zero"));
        Path fifo = Files.createDirectories(dir.resolve("fifo"));
        assertThat(new ProcessBuilder("mkfifo", fifo.resolve("iptables.rules").toString()).start().waitFor()).isZero();
        write("fifo/ip6tables.rules", List.of("*filter", ":INPUT ACCEPT [0:0]", "COMMIT"));
        String[][] cases = {{"dangling", "dangling symbolic link"}, {"directory", "is a directory"},
            {"zero", "character device"}, {"fifo", "FIFO"}};
        for (String[] c : cases) {
            for (String command : new String[] {"check", "matrix"}) {
                CliRun r = real(command, c[0]);
                assertThat(r.exitCode()).as(command + " " + c[0] + ": " + r.err()).isEqualTo(ExitCode.BAD_INPUT);
                assertThat(r.err()).as(command + " " + c[0]).contains(c[0] + "/iptables.rules").contains(c[1]);
            }
        }
        assertThat(directory).isDirectory();
    }

    @Test
    void anInvalidSysctlValueIsAnErrorAndAHugeLineIsNotCopiedIntoTheMessage() throws IOException {
        write("b/iptables.rules", List.of("*filter", ":INPUT ACCEPT [0:0]", "COMMIT"));
        write("b/sysctl.txt", List.of("net.ipv4.ip_forward = banana"));
        CliRun r = real("check", "b");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("b/sysctl.txt:1:23: net.ipv4.ip_forward takes an integer (0 or 1), not \"banana\"");
        write("b/sysctl.txt", List.of("x".repeat(300_000)));
        CliRun big = real("check", "b");
        assertThat(big.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(big.err()).contains("b/sysctl.txt:1:1: expected").hasSizeLessThan(1000);
    }

    @Test
    void sizeLimitsAreCheckedBeforeReadingAndSayHowToRaiseThem() throws IOException {
        write("big.rules", jumpChain(200, false));
        String old = System.getProperty("nflint.limit.dump");
        System.setProperty("nflint.limit.dump", "1k");
        try {
            CliRun r = real("check", "big.rules");
            assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).contains("big.rules: is ").contains("over nflint's limit of 1 KB for a dump file")
                    .contains("-Dnflint.limit.dump=");
            CliRun stdin = CliRun.run(new CliServices(CliServices.system().parser(), CliServices.system().checks(),
                    Files.newInputStream(dir.resolve("big.rules")), Map.of(), dir, false, false), "check", "-");
            assertThat(stdin.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(stdin.err()).contains("longer than nflint's limit of 1 KB");
        } finally {
            if (old == null) {
                System.clearProperty("nflint.limit.dump");
            } else {
                System.setProperty("nflint.limit.dump", old);
            }
        }
    }

    @Test
    void aRuleLineOfMillionsOfCharactersIsASyntaxErrorNotAnOutOfMemory() throws IOException {
        String line = "-A INPUT" + " -s 1.1.1.1".repeat(200_000) + " -j DROP";
        write("long.rules", List.of("*filter", ":INPUT ACCEPT [0:0]", line, "COMMIT"));
        CliRun r = real("check", "long.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).contains("long.rules:3:1: error: line is " + line.length() + " characters long")
                .contains("[NFL001]").hasSizeLessThan(100_000);
    }

    @Test
    void deeplyNestedYamlAndJsonAreRefusedWithAPosition() throws IOException {
        write("ok.rules", List.of("*filter", ":INPUT ACCEPT [0:0]", "COMMIT"));
        Files.writeString(dir.resolve("deep.yaml"), "[".repeat(2000) + "]".repeat(2000) + "\n");
        CliRun y = real("check", "--config", "deep.yaml", "ok.rules");
        assertThat(y.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(y.err()).contains("deep.yaml:1:").contains("nested more than").doesNotContain("\tat ");
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            block.append("  ".repeat(i)).append("k:\n");
        }
        Files.writeString(dir.resolve("block.yaml"), block.toString());
        CliRun b = real("check", "--config", "block.yaml", "ok.rules");
        assertThat(b.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(b.err()).contains("block.yaml:").doesNotContain("\tat ");
        write("bundle/iptables.rules", List.of("*filter", ":INPUT ACCEPT [0:0]", "COMMIT"));
        Files.writeString(dir.resolve("bundle/ip-addr.json"), "[".repeat(5000) + "]".repeat(5000));
        CliRun j = real("check", "bundle");
        assertThat(j.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(j.err()).contains("bundle/ip-addr.json:1:").contains("nesting depth");
        Files.writeString(dir.resolve("deep.json"), "{\"entries\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        CliRun bl = real("check", "--baseline", "deep.json", "ok.rules");
        assertThat(bl.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bl.err()).contains("deep.json:1:").contains("nesting depth");
    }

    @Test
    void aReportThatCouldNotBeWrittenIsNotASuccess() throws IOException {
        write("ok.rules", List.of("*filter", ":INPUT ACCEPT [0:0]", "-A INPUT -p tcp --dport 22 -j ACCEPT",
                "-A INPUT -p tcp --dport 22 -j ACCEPT", "COMMIT"));
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        CliServices s = CliServices.system().withTerminal(false, false).withEnv(Map.of());
        s = new CliServices(s.parser(), s.checks(), s.stdin(), s.env(), dir, false, false);
        int code = Main.run(new String[] {"check", "ok.rules"}, new java.io.PrintStream(full), new java.io.PrintStream(err), s);
        assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("could not write the output");
    }
}
