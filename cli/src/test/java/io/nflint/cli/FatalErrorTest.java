package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Out of stack or heap on one input: exit 3, one sentence naming it, the other inputs still reported. */
class FatalErrorTest {

    @TempDir
    Path dir;

    private void dump(String name, String... lines) throws IOException {
        Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    @Test
    void stackOverflowOnOneInputKeepsTheOthersFindings() throws IOException {
        dump("a.rules", "*filter", "-A INPUT FLAG", "COMMIT");
        dump("deep.rules", "*filter", "-A INPUT DEEP", "COMMIT");
        dump("c.rules", "*filter", "-A INPUT NOTE", "COMMIT");
        CliRun r = CliRun.run(dir, "check", "a.rules", "deep.rules", "c.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR);
        assertThat(r.out()).contains("a.rules:2:1: warning: rule is flagged").contains("c.rules:2:1: info: rule is noted");
        assertThat(r.err()).contains("nflint: deep.rules: ran out of stack (in check NFL105)").doesNotContain("\tat ");
        assertThat(r.err().lines().filter(l -> l.contains("deep.rules")).count()).isEqualTo(1);
    }

    @Test
    void outOfMemoryNamesTheInputAndHowToRaiseTheHeap() throws IOException {
        dump("huge.rules", "*filter", "-A INPUT HUGE", "COMMIT");
        CliRun r = CliRun.run(dir, "check", "huge.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR);
        assertThat(r.err()).contains("nflint: huge.rules: ran out of memory").contains("-Xmx").doesNotContain("\tat ");
    }

    @Test
    void anErrorOutsideTheChecksIsStillOneSentenceAndExitThree() throws IOException {
        dump("x.rules", "*filter", "COMMIT");
        CliServices s = CliRun.services(dir).withChecks(() -> {
            throw new StackOverflowError();
        });
        CliRun r = CliRun.run(s, "check", "x.rules");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR);
        assertThat(r.err()).startsWith("nflint: 'nflint check x.rules': ran out of stack").doesNotContain("\tat ");
    }
}
