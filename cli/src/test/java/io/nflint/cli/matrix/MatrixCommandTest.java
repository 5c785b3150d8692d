package io.nflint.cli.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.cli.ExitCode;
import io.nflint.cli.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixCommandTest {

    @TempDir
    Path dir;

    /** The NFL401 bug sample: two Docker networks whose isolation chains were flushed. */
    private void sample(String name) throws Exception {
        Path root = Path.of(System.getProperty("nflint.root", ".."));
        Files.copy(root.resolve("samples/checks").resolve(name), dir.resolve("d.rules"));
    }

    @Test
    void jsonShowsCrossNetworkReachabilityAndNat() throws Exception {
        sample("NFL401-isolation-missing.rules");
        CliRun r = CliRun.run(dir, "matrix", "d.rules", "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        JsonNode top = new ObjectMapper().readTree(r.out());
        assertThat(top.path("version").asInt()).isEqualTo(1);
        boolean crossed = false;
        boolean egressNated = false;
        for (JsonNode c : top.path("cells")) {
            if (c.path("from").asText().equals("172.17.0.2") && c.path("to").asText().equals("172.18.0.2")
                    && c.path("port").asInt() == 443) {
                crossed = c.path("reachable").asBoolean();
            }
            if (c.path("from").asText().equals("172.17.0.2") && c.path("to").asText().equals("outside")
                    && c.path("reachable").asBoolean()) {
                egressNated = c.path("sourceSeen").asText().equals("203.0.113.1");
            }
        }
        assertThat(crossed).as("web reaches app:443 without isolation").isTrue();
        assertThat(egressNated).as("egress is masqueraded to the (assumed) uplink address").isTrue();
    }

    @Test
    void textFiltersByEndpointAndFixedTwinIsolates() throws Exception {
        sample("NFL401-isolation-missing.fixed.rules");
        CliRun r = CliRun.run(dir, "matrix", "d.rules", "--from", "172.17.0.2", "--to", "172.18.0.2");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("FROM").containsPattern("172\\.17\\.0\\.2\\s+172\\.18\\.0\\.2\\s+-\\s+tcp/22,80,443");
    }

    @Test
    void unknownEndpointIsAUsageError() throws Exception {
        sample("NFL401-isolation-missing.rules");
        CliRun r = CliRun.run(dir, "matrix", "d.rules", "--from", "nope");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("no endpoint named 'nope'");
    }
}
