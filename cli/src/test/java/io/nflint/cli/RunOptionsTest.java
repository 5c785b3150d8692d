package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documented {@code -D} knobs are read once, where the run starts: a malformed one is a usage
 * error naming the property (exit 2, no stack trace), and a valid one reaches the engine.
 */
class RunOptionsTest {

    private static final Path ROOT = Path.of(System.getProperty("nflint.root", "..")).toAbsolutePath().normalize();
    private static final String SHADOWED = ROOT.resolve("samples/checks/NFL101-shadowed-rule.rules").toString();

    private static CliRun check(Map<String, String> properties) {
        return CliRun.run(CliServices.system().withProperties(properties::get), "check", SHADOWED);
    }

    @Test
    void aMalformedWorkLimitIsBadInputNamingTheProperty() {
        CliRun r = check(Map.of("nflint.symbolic.queryWork", "abc"));
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("nflint: -Dnflint.symbolic.queryWork=abc: expected a whole number")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aWorkLimitOutOfRangeIsBadInputToo() {
        CliRun r = check(Map.of("nflint.symbolic.ruleLogicWork", "-5"));
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("-Dnflint.symbolic.ruleLogicWork=-5");
        CliRun q = check(Map.of("nflint.symbolic.queryWork", "0"));
        assertThat(q.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(q.err()).contains("-Dnflint.symbolic.queryWork=0: expected a whole number from 1 to");
    }

    @Test
    void aMalformedInputLimitIsBadInputNamingTheProperty() {
        CliRun r = check(Map.of("nflint.limit.dump", "lots"));
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("nflint: -Dnflint.limit.dump=lots: expected a size");
    }

    @Test
    void theRuleLogicWorkLimitReachesTheChecks() {
        CliRun normal = check(Map.of());
        assertThat(normal.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(normal.out()).contains("[NFL101]").doesNotContain("work limit");
        CliRun starved = check(Map.of("nflint.symbolic.ruleLogicWork", "1"));
        assertThat(starved.out()).contains("its solver work limit of 1 units for this rule set was spent");
    }
}
