package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directives in rule comments, on lines above, and file-wide; NFL090 for stale or misspelt ones. */
class SuppressionTest {

    @TempDir
    Path dir;

    private CliRun check(String... lines) throws IOException {
        Files.writeString(dir.resolve("a.rules"), String.join("\n", lines) + "\n");
        return CliRun.run(dir, "check", "--fail-on", "info", "a.rules");
    }

    @Test
    void ruleCommentSuppressesItsRuleOnly() throws IOException {
        CliRun r = check("*filter",
                "-A INPUT FLAG -m comment --comment \"nflint-disable NFL103 known, ticket 42\" -j DROP",
                "-A INPUT FLAG -j DROP",
                "COMMIT");
        assertThat(r.out()).doesNotContain("a.rules:2:").contains("a.rules:3:1: warning: rule is flagged");
        assertThat(r.err()).contains("(1 suppressed)");
    }

    @Test
    void equalsFormWorksInRuleCommentsToo() throws IOException {
        CliRun r = check("*filter", "-A INPUT FLAG -m comment --comment \"nflint-disable=NFL103,NFL104\" NOTE", "COMMIT");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void lineAboveCoversTheNextNonCommentLine() throws IOException {
        CliRun r = check("*filter",
                "# nflint-disable=NFL103 legacy rule, kept until migration",
                "# expect: nothing here",
                "-A INPUT FLAG",
                "-A INPUT FLAG",
                "COMMIT");
        assertThat(r.out()).doesNotContain("a.rules:4:").contains("a.rules:5:1:");
    }

    @Test
    void fileWideDirective() throws IOException {
        CliRun r = check("# nflint-disable-file=NFL103", "*filter", "-A INPUT FLAG", "-A INPUT FLAG NOTE", "COMMIT");
        assertThat(r.out()).doesNotContain("NFL103").contains("a.rules:4:1: info: rule is noted [NFL104]");
        assertThat(r.err()).contains("(2 suppressed)");
    }

    @Test
    void unusedAndUnknownIdsAreReported() throws IOException {
        CliRun r = check("*filter",
                "# nflint-disable=NFL104,NFL31 nothing to hide",
                "-A INPUT FLAG",
                "COMMIT");
        assertThat(r.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out())
                .contains("a.rules:2:1: warning: suppression of NFL104 is unused: NFL104 reports nothing on the line below [NFL090]")
                .contains("a.rules:2:1: warning: suppression names NFL31, which is not an nflint check [NFL090]")
                .contains("a.rules:3:1: warning: rule is flagged");
    }

    @Test
    void directiveForDisabledCheckIsNotUnused() throws IOException {
        Files.writeString(dir.resolve("a.rules"), "*filter\n# nflint-disable=NFL103\n-A INPUT -j ACCEPT\nCOMMIT\n");
        CliRun r = CliRun.run(dir, "check", "--disable", "NFL103", "a.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void nfl090CanBeDisabled() throws IOException {
        Files.writeString(dir.resolve("a.rules"), "*filter\n# nflint-disable=NFL103\n-A INPUT -j ACCEPT\nCOMMIT\n");
        assertThat(CliRun.run(dir, "check", "a.rules").exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(CliRun.run(dir, "check", "--disable", "NFL090", "a.rules").exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void noSuppressReportsEverythingAndNoNfl090() throws IOException {
        Files.writeString(dir.resolve("a.rules"), String.join("\n", "*filter",
                "# nflint-disable=NFL104", "-A INPUT FLAG -m comment --comment \"nflint-disable NFL103\"", "COMMIT", ""));
        CliRun r = CliRun.run(dir, "check", "--no-suppress", "a.rules");
        assertThat(r.out()).contains("rule is flagged").doesNotContain("NFL090");
    }

    @Test
    void ordinaryCommentsAreNotDirectives() throws IOException {
        CliRun r = check("*filter", "# nflint disables nothing here", "-A INPUT -m comment --comment \"nflint-disabled\" -j ACCEPT",
                "COMMIT");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    }
}
