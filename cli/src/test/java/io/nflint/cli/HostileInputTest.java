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
}
