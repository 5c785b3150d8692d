package io.nflint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nflint.ir.Family;
import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;

/**
 * The parser must take any bytes without throwing and give every diagnostic a position inside the
 * input. Runs the seed inputs in regression mode under {@code mvn test}; .ci/run fuzzes a counted number of
 * inputs with
 * {@code JAZZER_FUZZ=1 mvn -pl grammar test -Dtest=ParserFuzzTest}.
 */
class ParserFuzzTest {

    @FuzzTest(maxExecutions = 5_000)
    void parserNeverThrows(byte[] input) {
        for (Family f : Family.values()) {
            Ruleset rs = DumpParser.parse("fuzz.rules", input, ParseOptions.DETECT.withFamily(f));
            int lines = 1;
            for (byte b : input) {
                if (b == '\n') {
                    lines++;
                }
            }
            for (ParseDiagnostic d : rs.diagnostics()) {
                assertThat(d.span().line()).isBetween(1, lines);
                assertThat(d.span().column()).isPositive();
                assertThat(d.span().endColumn()).isGreaterThanOrEqualTo(d.span().column());
            }
            for (Rule r : rs.rules()) {
                assertThat(r.span().line()).isBetween(1, lines);
            }
        }
    }
}
