package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CatalogCommandsTest {

    private final Path cwd = Path.of("").toAbsolutePath();

    @Test
    void rulesListsEveryCheckInIdOrder() {
        CliRun r = CliRun.run(cwd, "rules");
        assertThat(r.exitCode()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("ID ").contains("NAME").contains("SEVERITY").contains("SUMMARY");
        assertThat(lines).hasSize(6);
        assertThat(lines[1]).startsWith("NFL001  test-broken").contains("error");
        assertThat(lines[5]).startsWith("NFL105");
    }

    @Test
    void explainPrintsHeaderAndDocsPage() {
        CliRun r = CliRun.run(cwd, "explain", "nfl090");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("NFL090 unused-suppression\n")
                .contains("Default severity: warning")
                .contains("## What it finds")
                .contains("## Fix");
    }

    @Test
    void explainWithoutPageSaysSo() {
        CliRun r = CliRun.run(cwd, "explain", "NFL105");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("no documentation page for NFL105");
    }

    @Test
    void explainUnknownIdExitsTwo() {
        CliRun r = CliRun.run(cwd, "explain", "NFL999");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("nflint: unknown check ID 'NFL999'");
    }

    @Test
    void completionScriptIsGenerated() {
        CliRun r = CliRun.run(cwd, "generate-completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete -F").contains("check").contains("--format");
    }
}
