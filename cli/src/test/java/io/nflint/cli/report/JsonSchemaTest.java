package io.nflint.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The JSON output against the schema the repository documents, so the two cannot drift apart. */
class JsonSchemaTest {

    static Path schemaFile() {
        Path root = Path.of(System.getProperty("nflint.root", ".."));
        Path p = root.resolve("docs/nflint-findings.schema.json");
        return Files.exists(p) ? p : Path.of("../docs/nflint-findings.schema.json");
    }

    static JsonSchema schema() throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(Files.readString(schemaFile()));
    }

    @Test
    void sampleMatchesDocumentedSchema() throws IOException {
        JsonNode json = new ObjectMapper().readTree(GoldenReportTest.render(OutputFormat.JSON, false));
        assertThat(schema().validate(json)).isEmpty();
    }

    @Test
    void schemaRejectsUnknownSeverity() throws IOException {
        JsonNode json = new ObjectMapper().readTree(GoldenReportTest.render(OutputFormat.JSON, false));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("findings").get(0)).put("severity", "fatal");
        assertThat(schema().validate(json)).isNotEmpty();
    }
}
