package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import io.nflint.cli.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainExitCodeTest {

    @TempDir
    Path dir;

    private Path dump(String name, String... lines) throws IOException {
        return TestFiles.write(dir, name, lines);
    }

    @Test
    void cleanInputExitsZero() throws IOException {
        dump("ok.rules", "*filter", ":INPUT ACCEPT [0:0]", "-A INPUT -j ACCEPT", "COMMIT");
        CliRun r = CliRun.run(dir, "check", "ok.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no findings in 1 file");
    }

    @Test
    void warningExitsOneAndIsPrintedCompilerStyle() throws IOException {
        dump("a.rules", "*filter", ":INPUT ACCEPT [0:0]", "-A INPUT -s 10.0.0.1 FLAG -j DROP", "COMMIT");
        CliRun r = CliRun.run(dir, "check", "a.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).startsWith("a.rules:3:1: warning: rule is flagged in chain INPUT [NFL103]\n"
                + "    3 | -A INPUT -s 10.0.0.1 FLAG -j DROP\n"
                + "      | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
                + "  help: remove FLAG\n");
        assertThat(r.err()).contains("1 warning in 1 file");
    }

    @Test
    void failOnDecidesWhatFails() throws IOException {
        dump("a.rules", "*filter", "-A INPUT FLAG", "-A INPUT NOTE", "COMMIT");
        assertThat(CliRun.run(dir, "check", "--fail-on", "error", "a.rules").exitCode()).isEqualTo(ExitCode.OK);
        assertThat(CliRun.run(dir, "check", "--fail-on", "none", "a.rules").exitCode()).isEqualTo(ExitCode.OK);
        assertThat(CliRun.run(dir, "check", "--fail-on", "INFO", "--disable", "NFL103", "a.rules").exitCode())
                .isEqualTo(ExitCode.FINDINGS);
        assertThat(CliRun.run(dir, "check", "--disable", "NFL103", "a.rules").exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void inputErrorFindingExitsTwoEvenWithFailOnNone() throws IOException {
        dump("bad.rules", "*filter", "-A INPUT BROKEN", "COMMIT");
        CliRun r = CliRun.run(dir, "check", "--fail-on", "none", "bad.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).contains("bad.rules:2:1: error: rule is broken [NFL001]");
    }

    @Test
    void missingFileIsOneLineAndExitTwo() {
        CliRun r = CliRun.run(dir, "check", "nope.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).isEqualTo("nflint: cannot read nope.rules: no such file or directory\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void directoryWithoutDumpsIsUnreadable() throws IOException {
        Files.createDirectories(dir.resolve("empty-host"));
        CliRun r = CliRun.run(dir, "check", "empty-host");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("nflint: cannot read empty-host: directory holds no dump (");
    }

    @Test
    void hostBundleReadsItsDumpsWithTheirFamilies() throws IOException {
        dump("host/iptables.rules", "*filter", "-A INPUT FLAG", "COMMIT");
        dump("host/ip6tables.rules", "*filter", "-A INPUT FLAG", "COMMIT");
        CliRun r = CliRun.run(dir, "check", "host");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).contains("host/iptables.rules:2:1:").contains("host/ip6tables.rules:2:1:");
        assertThat(r.err()).contains("2 warnings in 2 files");
    }

    @Test
    void unreadableFileSaysPermissionDenied() throws IOException {
        Path p = dump("secret.rules", "*filter", "COMMIT");
        if (!p.toFile().setReadable(false) || Files.isReadable(p)) {
            return; // running as root: nothing to test here
        }
        CliRun r = CliRun.run(dir, "check", "secret.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("cannot read secret.rules: permission denied");
    }

    @Test
    void stdinIsReadForDash() {
        CliRun r = CliRun.runWithStdin(dir, "*filter\n-A INPUT FLAG\nCOMMIT\n", "check", "-");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).startsWith("<stdin>:2:1: warning:");
    }

    @Test
    void badInvocationExitsTwoWithHint() {
        CliRun r = CliRun.run(dir, "check", "--format", "yaml", "x");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("nflint: ").contains("Try 'nflint check --help'");
        assertThat(CliRun.run(dir, "check").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(CliRun.run(dir).exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(CliRun.run(dir, "frobnicate").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void unknownCheckIdInEnableIsUsageError() throws IOException {
        dump("a.rules", "*filter", "COMMIT");
        CliRun r = CliRun.run(dir, "check", "--enable", "NFL999", "a.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--enable: unknown check ID 'NFL999'");
    }

    @Test
    void crashingCheckIsInternalErrorWithoutStackTrace() throws IOException {
        dump("a.rules", "*filter", "-A INPUT CRASH", "COMMIT");
        CliRun r = CliRun.run(dir, "check", "a.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR);
        assertThat(r.err()).startsWith("nflint: internal error: ").contains("NFL105").doesNotContain("\tat ");
        CliRun debug = CliRun.run(dir, "check", "--debug", "a.rules");
        assertThat(debug.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR);
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void severalInputsComeOutInInputOrder() throws IOException {
        StringBuilder expected = new StringBuilder();
        String[] args = new String[41];
        args[0] = "check";
        for (int i = 40; i >= 1; i--) {
            String name = "in" + i + ".rules";
            dump(name, "*filter", "-A INPUT FLAG " + i, "COMMIT");
            args[41 - i] = name;
            expected.append(name).append(":2:1:");
        }
        CliRun r = CliRun.run(dir, args);
        StringBuilder actual = new StringBuilder();
        for (String line : r.out().split("\n")) {
            if (line.startsWith("in")) {
                actual.append(line, 0, line.indexOf(":2:1:") + 5);
            }
        }
        assertThat(actual.toString()).isEqualTo(expected.toString());
        assertThat(r.err()).contains("40 warnings in 40 files");
    }

    @Test
    void versionAndHelpExitZero() {
        CliRun v = CliRun.run(dir, "--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).startsWith("nflint ");
        assertThat(CliRun.run(dir, "check", "--help").exitCode()).isZero();
    }

    @Test
    void colourOnlyWhenAskedOrOnTerminalWithoutNoColor() throws IOException {
        dump("a.rules", "*filter", "-A INPUT FLAG", "COMMIT");
        assertThat(CliRun.run(dir, "check", "a.rules").out()).doesNotContain("\033[");
        assertThat(CliRun.run(dir, "check", "--color", "a.rules").out()).contains("\033[");
        var tty = CliRun.services(dir).withTerminal(true, true);
        assertThat(CliRun.run(tty, "check", "a.rules").out()).contains("\033[");
        assertThat(CliRun.run(tty.withEnv(java.util.Map.of("NO_COLOR", "1")), "check", "a.rules").out())
                .doesNotContain("\033[");
        assertThat(CliRun.run(tty, "check", "--no-color", "a.rules").out()).doesNotContain("\033[");
    }
}
