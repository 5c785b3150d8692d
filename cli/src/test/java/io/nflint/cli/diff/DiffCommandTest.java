package io.nflint.cli.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.cli.ExitCode;
import io.nflint.cli.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DiffCommandTest {

    @TempDir
    Path dir;

    private static final String OLD = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 443 -j ACCEPT
            COMMIT
            """;

    @Test
    void equivalentSpellingsExitZero() throws Exception {
        Files.writeString(dir.resolve("old.rules"), OLD);
        Files.writeString(dir.resolve("new.rules"), OLD.replace("""
                -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                -A INPUT -p tcp -m tcp --dport 443 -j ACCEPT
                """, "-A INPUT -p tcp -m multiport --dports 443,22 -j ACCEPT\n"));
        CliRun r = CliRun.run(dir, "diff", "old.rules", "new.rules");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("equivalent");
    }

    @Test
    void aClosedPortIsOneDifferenceInJson() throws Exception {
        Files.writeString(dir.resolve("old.rules"), OLD);
        Files.writeString(dir.resolve("new.rules"), OLD.replace("--dport 443 -j ACCEPT", "--dport 443 -j DROP"));
        CliRun r = CliRun.run(dir, "diff", "--format", "json", "--witnesses", "1", "old.rules", "new.rules");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FINDINGS);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("equivalent").asBoolean()).isFalse();
        JsonNode d = json.get("differences").get(0);
        assertThat(d.get("witness").get("proto").asText()).isEqualTo("tcp");
        assertThat(d.get("witness").get("dport").asInt()).isEqualTo(443);
        assertThat(d.get("old").get("verdict").asText()).isEqualTo("ACCEPT");
        assertThat(d.get("new").get("verdict").asText()).isEqualTo("DROP");
        assertThat(d.get("new").get("rules").get(0).asText()).isEqualTo("new.rules:6");
    }

    @Test
    void badInputExitsTwo() throws Exception {
        Files.writeString(dir.resolve("old.rules"), OLD);
        assertThat(CliRun.run(dir, "diff", "old.rules", "missing.rules").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        Files.writeString(dir.resolve("broken.rules"), "*filter\n-A INPUT -p tcp --dport\nCOMMIT\n");
        assertThat(CliRun.run(dir, "diff", "old.rules", "broken.rules").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }
}
