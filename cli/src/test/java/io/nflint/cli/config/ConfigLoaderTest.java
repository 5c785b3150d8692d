package io.nflint.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintException;
import io.nflint.cli.testing.CliRun;
import io.nflint.rules.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final Set<String> KNOWN = Set.of("NFL001", "NFL103", "NFL104", "NFL301", "NFL302");

    @TempDir
    Path dir;

    private Config load(String yaml) throws IOException {
        Path f = dir.resolve(".nflint.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f, KNOWN);
    }

    private void assertError(String yaml, int line, int column, String problem) {
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve(".nflint.yaml") + ":" + line + ":" + column + ": " + problem);
    }

    @Test
    void readsEveryKey() throws IOException {
        Config c = load("""
                # team defaults
                enable: [NFL1, NFL301]
                disable:
                  - nfl104
                severity: {NFL103: error}
                fail-on: error
                ignore:
                  - path: "legacy/*.rules"
                    checks: [NFL103]
                  - path: "**/generated-*"
                host:
                  ip_forward: true
                  bridge_nf_call_iptables: false
                """);
        assertThat(c.enable()).containsExactlyInAnyOrder("NFL1", "NFL301");
        assertThat(c.disable()).containsExactly("NFL104");
        assertThat(c.severity()).containsEntry("NFL103", Severity.ERROR);
        assertThat(c.failOn()).contains(FailLevel.ERROR);
        assertThat(c.ignore()).hasSize(2);
        assertThat(c.ignore().get(0).covers(dir.resolve("legacy/a.rules"), "NFL103")).isTrue();
        assertThat(c.ignore().get(0).covers(dir.resolve("legacy/a.rules"), "NFL301")).isFalse();
        assertThat(c.ignore().get(0).covers(dir.resolve("other/a.rules"), "NFL103")).isFalse();
        assertThat(c.ignore().get(1).covers(dir.resolve("x/y/generated-1.rules"), "NFL301")).isTrue();
        assertThat(c.host().asSysctls()).containsEntry("net.ipv4.ip_forward", "1")
                .containsEntry("net.bridge.bridge-nf-call-iptables", "0");
    }

    @Test
    void emptyFileIsEmptyConfig() throws IOException {
        Config c = load("# nothing yet\n");
        assertThat(c.enable()).isEmpty();
        assertThat(c.failOn()).isEmpty();
    }

    @Test
    void unknownTopKeyNamesLineAndColumn() {
        assertError("fail-on: error\ndisabled: [NFL103]\n", 2, 1,
                "unknown key 'disabled' (known: disable, enable, fail-on, host, ignore, severity)");
    }

    @Test
    void unknownCheckIdInList() {
        assertError("disable:\n  - NFL103\n  - NFL999\n", 3, 5, "unknown check ID 'NFL999' (nflint rules lists them)");
    }

    @Test
    void badSeverityValue() {
        assertError("severity:\n  NFL103: fatal\n", 2, 11, "severity of NFL103 must be one of error, warning, info");
    }

    @Test
    void badFailOn() {
        assertError("fail-on: sometimes\n", 1, 10, "fail-on must be one of error, warning, info, none");
    }

    @Test
    void badHostKeyAndValue() {
        assertError("host:\n  ip_fwd: true\n", 2, 3,
                "unknown host assumption 'ip_fwd' (known: ip_forward, ipv6_forwarding, bridge_nf_call_iptables, "
                        + "bridge_nf_call_ip6tables, bridge_nf_call_arptables)");
        assertError("host:\n  ip_forward: maybe\n", 2, 15, "ip_forward must be true or false, not 'maybe'");
    }

    @Test
    void ignoreEntryNeedsPathAndKnownKeys() {
        assertError("ignore:\n  - checks: [NFL103]\n", 2, 5, "an ignore entry needs 'path'");
        assertError("ignore:\n  - path: a\n    check: [NFL103]\n", 3, 5,
                "unknown key 'check' in an ignore entry (known: checks, path)");
    }

    @Test
    void wrongShapes() {
        assertError("- enable\n", 1, 1, "the config must be a mapping (key: value lines)");
        assertError("severity: [NFL103]\n", 1, 11, "severity must be a mapping (key: value lines)");
        assertError("disable: {a: b}\n", 1, 10, "disable must be a list");
    }

    @Test
    void duplicateKey() {
        assertError("fail-on: error\nfail-on: info\n", 2, 1, "'fail-on' is given twice");
    }

    @Test
    void yamlSyntaxErrorHasPosition() {
        assertThatThrownBy(() -> load("enable: [NFL103\nfail-on: error\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve(".nflint.yaml") + ":")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void missingExplicitConfigIsUnreadable() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), KNOWN))
                .isInstanceOf(NflintException.class)
                .hasMessage("cannot read " + dir.resolve("nope.yaml") + ": no such file or directory");
    }

    @Test
    void foundUpwardFromInputAndApplied() throws IOException {
        Files.writeString(dir.resolve(".nflint.yaml"), "disable: [NFL103]\n");
        Path sub = Files.createDirectories(dir.resolve("hosts/web"));
        Files.writeString(sub.resolve("a.rules"), "*filter\n-A INPUT FLAG\nCOMMIT\n");
        assertThat(ConfigLocator.find(sub.resolve("a.rules"))).contains(dir.resolve(".nflint.yaml"));
        CliRun r = CliRun.run(dir, "check", "hosts/web/a.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void searchStopsAtTheRepositoryRoot() throws IOException {
        Files.writeString(dir.resolve(".nflint.yaml"), "disable: [NFL103]\n");
        Path repo = Files.createDirectories(dir.resolve("checkout"));
        Files.createDirectories(repo.resolve(".git"));
        Path sub = Files.createDirectories(repo.resolve("hosts"));
        assertThat(ConfigLocator.find(sub.resolve("a.rules"))).isEmpty();
        Files.writeString(repo.resolve(".nflint.yaml"), "disable: [NFL103]\n");
        assertThat(ConfigLocator.find(sub.resolve("a.rules"))).contains(repo.resolve(".nflint.yaml"));
    }

    @Test
    void configErrorThroughCliExitsTwoWithPosition() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "fail-on: error\nseverity:\n  NFL103: loud\n");
        Files.writeString(dir.resolve("a.rules"), "*filter\nCOMMIT\n");
        CliRun r = CliRun.run(dir, "check", "--config", "bad.yaml", "a.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).isEqualTo("nflint: " + dir.resolve("bad.yaml") + ":3:11: severity of NFL103 must be one of error, warning, info\n");
    }

    @Test
    void configSeverityFailOnAndIgnoreApply() throws IOException {
        Files.writeString(dir.resolve("a.rules"), "*filter\n-A INPUT FLAG\n-A INPUT NOTE\nCOMMIT\n");
        Files.writeString(dir.resolve("legacy.rules"), "*filter\n-A INPUT FLAG\nCOMMIT\n");
        Files.writeString(dir.resolve(".nflint.yaml"), """
                severity: {NFL103: error}
                fail-on: error
                ignore: [{path: "legacy*", checks: [NFL103]}]
                """);
        CliRun r = CliRun.run(dir, "check", "a.rules", "legacy.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).contains("a.rules:2:1: error: rule is flagged").doesNotContain("legacy.rules:");
        assertThat(r.err()).contains("1 error, 1 info in 2 files (1 suppressed)");
        assertThat(CliRun.run(dir, "check", "--fail-on", "none", "a.rules").exitCode()).isEqualTo(ExitCode.OK);
    }
}
