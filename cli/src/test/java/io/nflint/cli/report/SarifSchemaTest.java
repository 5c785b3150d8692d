package io.nflint.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SARIF output against the official SARIF 2.1.0 schema (see schema/README.md). */
class SarifSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonSchema sarifSchema() throws IOException {
        try (InputStream in = SarifSchemaTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertThat(in).as("SARIF schema resource").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    @Test
    void sampleIsValidSarif() throws IOException {
        JsonNode sarif = MAPPER.readTree(GoldenReportTest.render(OutputFormat.SARIF, false));
        Set<ValidationMessage> errors = sarifSchema().validate(sarif);
        assertThat(errors).isEmpty();
    }

    @Test
    void schemaCatchesBrokenSarif() throws IOException {
        JsonNode sarif = MAPPER.readTree(GoldenReportTest.render(OutputFormat.SARIF, false));
        ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.get("runs").get(0).get("results").get(0))
                .put("level", "fatal");
        assertThat(sarifSchema().validate(sarif)).isNotEmpty();
    }

    @Test
    void resultsCarryWhatCodeScanningNeeds() throws IOException {
        JsonNode run = MAPPER.readTree(GoldenReportTest.render(OutputFormat.SARIF, false)).get("runs").get(0);
        JsonNode rules = run.at("/tool/driver/rules");
        for (JsonNode r : run.get("results")) {
            int index = r.get("ruleIndex").asInt();
            assertThat(rules.get(index).get("id").asText()).isEqualTo(r.get("ruleId").asText());
            assertThat(r.at("/partialFingerprints/nflint~1v1").asText()).hasSize(32);
            assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).doesNotStartWith("/");
        }
        assertThat(rules.get(0).at("/fullDescription/text").asText()).isEqualTo("A line that iptables-restore rejects.");
        assertThat(rules.get(0).at("/help/markdown").asText()).startsWith("## What it finds");
    }
}
