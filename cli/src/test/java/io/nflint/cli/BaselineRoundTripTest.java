package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineRoundTripTest {

    @TempDir
    Path dir;

    private void write(String... lines) throws IOException {
        Files.writeString(dir.resolve("fw.rules"), String.join("\n", lines) + "\n");
    }

    @Test
    void knownFindingsSurviveMovedLinesAndOnlyNewOnesFail() throws IOException {
        write("*filter", "-A INPUT -s 10.0.0.1 FLAG -j DROP", "-A FORWARD FLAG", "COMMIT");
        CliRun first = CliRun.run(dir, "check", "--write-baseline", "baseline.json", "fw.rules");
        assertThat(first.exitCode()).isEqualTo(ExitCode.FINDINGS);
        String baseline = Files.readString(dir.resolve("baseline.json"));
        assertThat(baseline).contains("\"nflintBaseline\": 1").contains("\"text\": \"-s 10.0.0.1 FLAG -j DROP\"")
                .doesNotContain("\"line\"");

        // rules inserted above, spacing changed, counters added: still the same two findings
        write("# new header", "*filter", "-A INPUT -j ACCEPT", "-A INPUT -j ACCEPT",
                "[5:300] -A INPUT   -s 10.0.0.1  FLAG -j DROP", "-A FORWARD FLAG", "COMMIT");
        CliRun same = CliRun.run(dir, "check", "--baseline", "baseline.json", "fw.rules");
        assertThat(same.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(same.out()).isEmpty();
        assertThat(same.err()).contains("(2 in baseline)");

        // one more of the same kind in the same chain, and one elsewhere: both new
        write("*filter", "-A INPUT -s 10.0.0.1 FLAG -j DROP", "-A FORWARD FLAG", "-A FORWARD FLAG", "-A OUTPUT FLAG",
                "COMMIT");
        CliRun grown = CliRun.run(dir, "check", "--baseline", "baseline.json", "fw.rules");
        assertThat(grown.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(grown.out().lines().filter(l -> l.startsWith("fw.rules:")).toList())
                .containsExactly("fw.rules:4:1: warning: rule is flagged in chain FORWARD [NFL103]",
                        "fw.rules:5:1: warning: rule is flagged in chain OUTPUT [NFL103]");
    }

    @Test
    void rewritingTheBaselineIsDeterministic() throws IOException {
        write("*filter", "-A OUTPUT FLAG", "-A INPUT FLAG", "-A INPUT FLAG", "COMMIT");
        CliRun.run(dir, "check", "--write-baseline", "b1.json", "fw.rules");
        CliRun.run(dir, "check", "--baseline", "b1.json", "--write-baseline", "b2.json", "fw.rules");
        assertThat(Files.readString(dir.resolve("b2.json"))).isEqualTo(Files.readString(dir.resolve("b1.json")));
        assertThat(Files.readString(dir.resolve("b1.json"))).contains("\"count\": 2");
    }

    @Test
    void badBaselineIsUnreadableInput() throws IOException {
        write("*filter", "COMMIT");
        Files.writeString(dir.resolve("b.json"), "{\"something\": true}");
        CliRun r = CliRun.run(dir, "check", "--baseline", "b.json", "fw.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("not an nflint baseline");
        assertThat(CliRun.run(dir, "check", "--baseline", "missing.json", "fw.rules").exitCode())
                .isEqualTo(ExitCode.BAD_INPUT);
    }
}
