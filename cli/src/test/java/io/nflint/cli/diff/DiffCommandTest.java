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
        assertThat(d.get("replay").get("status").asText()).isEqualTo("confirmed");
        assertThat(d.get("old").get("walk").get(0).asText()).isEqualTo("filter:INPUT:rule:2 (line 6) ACCEPT");
        assertThat(d.get("new").get("walk").get(0).asText()).isEqualTo("filter:INPUT:rule:2 (line 6) DROP");
    }

    @Test
    void aChangedDnatPrintsBothWalksOfAWitnessThatReplays() throws Exception {
        String old = """
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
                COMMIT
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT ACCEPT [0:0]
                -A FORWARD -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j ACCEPT
                COMMIT
                """;
        Files.writeString(dir.resolve("old.rules"), old);
        Files.writeString(dir.resolve("new.rules"), old.replace("172.17.0.2:80", "172.17.0.3:80"));
        CliRun r = CliRun.run(dir, "diff", "--witnesses", "1", "old.rules", "new.rules");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).contains("routed: tcp ")
                .contains("    walk: nat:PREROUTING:rule:1 (line 6) DNAT 172.17.0.2:80 > filter:FORWARD:rule:1 (line 12) ACCEPT")
                .contains("    walk: nat:PREROUTING:rule:1 (line 6) DNAT 172.17.0.3:80 > filter:FORWARD:policy:2 (line 10) DROP")
                .contains("1 difference, each replayed by the concrete walker")
                .doesNotContain("unconfirmed");
    }

    @Test
    void badInputExitsTwo() throws Exception {
        Files.writeString(dir.resolve("old.rules"), OLD);
        assertThat(CliRun.run(dir, "diff", "old.rules", "missing.rules").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        Files.writeString(dir.resolve("broken.rules"), "*filter\n-A INPUT -p tcp --dport\nCOMMIT\n");
        assertThat(CliRun.run(dir, "diff", "old.rules", "broken.rules").exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }
}
