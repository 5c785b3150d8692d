package io.nflint.cli.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.cli.testing.CliRun;
import io.nflint.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** matrix on an nftables host: Docker 29's nft tables alone, and beside an admin's inet table. */
class NftMatrixCommandTest {

    @TempDir
    Path dir;

    private JsonNode matrix(String sample) throws Exception {
        Path root = Path.of(System.getProperty("nflint.root", ".."));
        Files.copy(root.resolve("samples/checks").resolve(sample), dir.resolve("r.nft"));
        CliRun r = CliRun.run(dir, "matrix", "r.nft", "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        return new ObjectMapper().readTree(r.out());
    }

    private static JsonNode cell(JsonNode top, String from, String to, int port) {
        for (JsonNode c : top.path("cells")) {
            if (c.path("from").asText().equals(from) && c.path("to").asText().equals(to) && c.path("port").asInt() == port) {
                return c;
            }
        }
        throw new AssertionError("no cell " + from + " -> " + to + ":" + port + " in " + top);
    }

    @Test
    void dockerNftablesHostHasItsContainerItsMasqueradeAndItsPublishedPort() throws Exception {
        JsonNode top = matrix("NFL301-published-port-dropped.fixed.nft");
        assertThat(top.path("endpoints").toString()).contains("172.17.0.2");
        JsonNode egress = cell(top, "172.17.0.2", "outside", 443);
        assertThat(egress.path("reachable").asBoolean()).isTrue();
        // masqueraded by Docker's per-bridge chain, reached by an iifname vmap at postrouting
        assertThat(egress.path("sourceSeen").asText()).isEqualTo("203.0.113.1");
        JsonNode published = cell(top, "outside", "host", 8080);
        assertThat(published.path("reachable").asBoolean()).isTrue();
    }

    @Test
    void theBuggyTwinsPublishedPortIsBlocked() throws Exception {
        JsonNode top = matrix("NFL301-published-port-dropped.nft");
        assertThat(cell(top, "outside", "host", 8080).path("reachable").asBoolean()).isFalse();
    }

    @Test
    void anAdminsInputDropBesideDockersTablesClosesTheHostButNotThePublishedPort() throws Exception {
        JsonNode top = matrix("NFL308-published-port-bypasses-input.nft");
        assertThat(cell(top, "outside", "host", 22).path("reachable").asBoolean()).isFalse();
        assertThat(cell(top, "outside", "host", 8080).path("reachable").asBoolean()).isTrue();
    }
}
