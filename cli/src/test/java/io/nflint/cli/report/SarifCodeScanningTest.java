package io.nflint.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.cli.CliServices;
import io.nflint.cli.testing.CliRun;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SARIF from real samples, as code scanning renders it: the witness's trace as a code flow over the
 * dump's lines, a deletion fix where the help says "delete this line", precision on every rule and
 * security-severity on exposure checks; all of it valid against the SARIF 2.1.0 schema.
 */
class SarifCodeScanningTest {

    private static final Path ROOT = Path.of(System.getProperty("nflint.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode sarif(String sample) throws Exception {
        CliServices s = CliServices.system();
        s = new CliServices(s.parser(), s.checks(), new ByteArrayInputStream(new byte[0]), Map.of(), ROOT, false, false);
        CliRun r = CliRun.run(s, "check", "--fail-on", "none", "--format", "sarif", sample);
        JsonNode sarif = JSON.readTree(r.out());
        assertThat(SarifSchemaTest.sarifSchema().validate(sarif)).as(sample).isEmpty();
        return sarif.at("/runs/0");
    }

    private static JsonNode result(JsonNode run, String id) {
        for (JsonNode r : run.at("/results")) {
            if (r.at("/ruleId").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no " + id + " result");
    }

    @Test
    void thePacketsTraceIsACodeFlowOverTheDumpsLines() throws Exception {
        JsonNode run = sarif("samples/checks/NFL301-published-port-dropped.rules");
        JsonNode steps = result(run, "NFL301").at("/codeFlows/0/threadFlows/0/locations");
        List<Integer> lines = new ArrayList<>();
        for (JsonNode step : steps) {
            JsonNode loc = step.at("/location/physicalLocation");
            assertThat(loc.at("/artifactLocation/uri").asText()).isEqualTo("samples/checks/NFL301-published-port-dropped.rules");
            lines.add(loc.at("/region/startLine").asInt());
        }
        // PREROUTING -j DOCKER, the DNAT, FORWARD's jumps and returns, and FORWARD's DROP policy last
        assertThat(lines).startsWith(31, 37).endsWith(5);
        assertThat(result(run, "NFL301").at("/codeFlows/0/message/text").asText()).startsWith("witness: tcp ");
    }

    @Test
    void deleteThisLineBecomesAFixThatDeletesExactlyThatLine() throws Exception {
        JsonNode run = sarif("samples/checks/NFL011-duplicate-rule.rules");
        JsonNode fix = result(run, "NFL011").at("/fixes/0");
        int line = result(run, "NFL011").at("/locations/0/physicalLocation/region/startLine").asInt();
        JsonNode deleted = fix.at("/artifactChanges/0/replacements/0/deletedRegion");
        assertThat(deleted.at("/startLine").asInt()).isEqualTo(line);
        assertThat(deleted.at("/endLine").asInt()).isEqualTo(line + 1);
        assertThat(deleted.at("/startColumn").asInt()).isEqualTo(1);
        assertThat(fix.at("/artifactChanges/0/replacements/0/insertedContent/text").asText()).isEmpty();
    }

    @Test
    void rulesSayHowPreciseTheyAreAndExposureChecksHowSevere() throws Exception {
        JsonNode run = sarif("samples/checks/NFL307-localhost-publish-exposed.rules");
        for (JsonNode rule : run.at("/tool/driver/rules")) {
            assertThat(rule.at("/properties/precision").asText()).as(rule.at("/id").asText()).isIn("very-high", "high");
            assertThat(rule.has("helpUri")).isFalse();
            assertThat(rule.at("/help/text").asText()).contains("## Example");
            if (rule.at("/id").asText().equals("NFL307")) {
                assertThat(rule.at("/properties/security-severity").asText()).isEqualTo("8.1");
                assertThat(rule.at("/properties/tags").toString()).contains("security");
            }
            if (rule.at("/id").asText().equals("NFL011")) {
                assertThat(rule.at("/properties/security-severity").isMissingNode()).isTrue();
            }
        }
        assertThat(run.at("/tool/driver/informationUri").isMissingNode()).isTrue();
        result(run, "NFL307");
    }
}
