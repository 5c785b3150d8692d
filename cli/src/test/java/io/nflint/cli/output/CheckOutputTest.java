package io.nflint.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.ExitCode;
import io.nflint.cli.testing.CliRun;
import io.nflint.cli.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o}, several {@code --format X=FILE}, {@code --min-severity}, {@code -q}, {@code --statistics}, and DIR. */
class CheckOutputTest {

    @TempDir
    Path dir;

    private Path dump(String name, String... lines) throws IOException {
        return TestFiles.write(dir, name, lines);
    }

    private void flaggedAndNoted() throws IOException {
        dump("a.rules", "*filter", "-A INPUT FLAG", "-A INPUT NOTE", "-A FORWARD FLAG", "COMMIT");
    }

    @Test
    void outputWritesTheReportToAFileAndLeavesStdoutEmpty() throws IOException {
        flaggedAndNoted();
        CliRun r = CliRun.run(dir, "check", "-o", "out/report.txt", "a.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve("out/report.txt")).content().contains("a.rules:2:1: warning: rule is flagged");
        assertThat(r.err()).contains("2 warnings, 1 info in 1 file");
    }

    @Test
    void severalFormatsInOneRunEachToItsOwnPlace() throws IOException {
        flaggedAndNoted();
        CliRun r = CliRun.run(dir, "check", "--format", "text", "--format", "sarif=r.sarif", "--format", "json=r.json",
                "--format", "checkstyle=r.xml", "a.rules");
        assertThat(r.out()).contains("[NFL103]").doesNotContain("\"runs\"");
        assertThat(dir.resolve("r.sarif")).content().contains("\"version\": \"2.1.0\"").contains("NFL103");
        assertThat(dir.resolve("r.json")).content().contains("\"id\": \"NFL104\"");
        assertThat(dir.resolve("r.xml")).content().contains("<checkstyle");
    }

    @Test
    void ambiguousOrImpossibleOutputsAreUsageErrorsBeforeAnyAnalysis() throws IOException {
        flaggedAndNoted();
        assertThat(CliRun.run(dir, "check", "--format", "json", "--format", "sarif", "a.rules").err())
                .contains("several --format write to standard output");
        assertThat(CliRun.run(dir, "check", "--format", "json=x", "--format", "sarif=x", "a.rules").err())
                .contains("two reports would be written to x");
        assertThat(CliRun.run(dir, "check", "--format", "pdf", "a.rules").err())
                .contains("unknown format 'pdf' (known: text, json, sarif, github, checkstyle, html)");
        CliRun r = CliRun.run(dir, "check", "--format", "json=a.json", "-o", "b.txt", "a.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("every --format already names its file");
        assertThat(dir.resolve("a.json")).doesNotExist();
    }

    @Test
    void anUnwritableOutputIsAClearErrorNotATrace() throws IOException {
        flaggedAndNoted();
        Files.writeString(dir.resolve("file"), "");
        CliRun r = CliRun.run(dir, "check", "-o", "file/report.txt", "a.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("nflint: cannot write file/report.txt: ").doesNotContain("Exception");
    }

    @Test
    void minSeverityDropsMilderFindingsFromReportSummaryAndExitStatus() throws IOException {
        flaggedAndNoted();
        CliRun r = CliRun.run(dir, "check", "--min-severity", "warning", "--fail-on", "info", "a.rules");
        assertThat(r.out()).contains("[NFL103]").doesNotContain("[NFL104]");
        assertThat(r.err()).contains("2 warnings in 1 file");
        CliRun errorsOnly = CliRun.run(dir, "check", "--severity", "error", "a.rules");
        assertThat(errorsOnly.out()).isEmpty();
        assertThat(errorsOnly.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void quietPrintsNoSummaryAndStatisticsCountsPerId() throws IOException {
        flaggedAndNoted();
        CliRun quiet = CliRun.run(dir, "check", "-q", "a.rules");
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.exitCode()).isEqualTo(ExitCode.FINDINGS);
        CliRun stats = CliRun.run(dir, "check", "--quiet", "--statistics", "--format", "json", "a.rules");
        assertThat(stats.err()).isEqualTo("2  NFL103  test-flagged\n1  NFL104  test-noted\n");
        assertThat(stats.out()).startsWith("{");
    }

    @Test
    void aDirectoryOfDumpsAndBundlesIsCheckedRecursivelyInNameOrder() throws IOException {
        dump("fw/b/web.rules", "*filter", "-A INPUT FLAG", "COMMIT");
        dump("fw/a/rules.v4", "*filter", "-A INPUT NOTE", "COMMIT");
        dump("fw/hosts/h1/iptables.rules", "*filter", "-A INPUT FLAG", "COMMIT");
        dump("fw/hosts/h1/nested/ignored.rules", "*filter", "-A INPUT FLAG", "COMMIT");
        dump("fw/.git/x.rules", "*filter", "-A INPUT FLAG", "COMMIT");
        dump("fw/README.md", "not a dump");
        CliRun r = CliRun.run(dir, "check", "--fail-on", "none", "fw");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).containsSubsequence("fw/a/rules.v4:2:1", "fw/b/web.rules:2:1", "fw/hosts/h1/iptables.rules:2:1");
        assertThat(r.out()).doesNotContain("ignored.rules").doesNotContain(".git").doesNotContain("README");
        assertThat(r.err()).contains("in 3 files");
    }

    @Test
    void aDirectoryWithNothingToCheckSaysWhatItLookedFor() throws IOException {
        dump("docs/README.md", "nothing");
        CliRun r = CliRun.run(dir, "check", "docs");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("nflint: cannot read docs: directory holds no dump (*.rules, *.v4");
    }
}
