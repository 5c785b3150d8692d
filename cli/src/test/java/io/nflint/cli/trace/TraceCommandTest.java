package io.nflint.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.cli.ExitCode;
import io.nflint.cli.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCommandTest {

    @TempDir
    Path dir;

    private static final String DOCKER = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER - [0:0]
            -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A FORWARD -o docker0 -j DOCKER
            -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
            -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
            COMMIT
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :DOCKER - [0:0]
            -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
            -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
            -A DOCKER -i docker0 -j RETURN
            -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
            COMMIT
            """;

    private Path dump() throws IOException {
        Path p = dir.resolve("docker.rules");
        Files.writeString(p, DOCKER);
        return p;
    }

    @Test
    void textShowsTraceLinesAndTheOutcomeWithInferredTopology() throws IOException {
        dump();
        CliRun r = CliRun.run(dir, "trace", "docker.rules", "--in", "eth0", "--proto", "tcp", "--dst", "203.0.113.1:8080");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("assumed: source 198.51.100.20")
                .contains("assumed: bridge docker0")
                .contains("TRACE: nat:PREROUTING:rule:1 (line 17) -j DOCKER")
                .contains("TRACE: nat:DOCKER:rule:2 (line 20) DNAT 172.17.0.2:80")
                .contains("TRACE: filter:DOCKER:rule:1 (line 9) ACCEPT")
                .contains("=> accept: delivered to docker0 as tcp 198.51.100.20:40000 -> 172.17.0.2:80");
    }

    @Test
    void anEbtablesDumpDecidesTheFramesItIsGiven() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("bridge.rules"), """
                *filter
                :INPUT ACCEPT
                :FORWARD ACCEPT
                :OUTPUT ACCEPT
                -A FORWARD -p IPv4 --ip-proto tcp --ip-dport 5433 -j DROP
                """);
        CliRun dropped = CliRun.run(dir, "trace", "bridge.rules", "--in", "v-web", "--proto", "tcp", "--src", "172.17.0.2",
                "--dst", "172.17.0.3:5433");
        assertThat(dropped.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(dropped.out()).contains("assumed: v-web is a port of bridge br0 with subnet 172.17.0.0/24")
                .contains("TRACE: eb:filter:FORWARD:rule:1 (line 5) DROP")
                .contains("=> drop as tcp 172.17.0.2:40000 -> 172.17.0.3:5433");
        CliRun passed = CliRun.run(dir, "trace", "bridge.rules", "--in", "v-web", "--proto", "tcp", "--src", "172.17.0.2",
                "--dst", "172.17.0.3:5432");
        assertThat(passed.out()).contains("TRACE: eb:filter:FORWARD:policy:2 (line 3) ACCEPT")
                .contains("=> accept: delivered to br0 as tcp 172.17.0.2:40000 -> 172.17.0.3:5432");
    }

    @Test
    void jsonHasTheDocumentedShape() throws IOException {
        dump();
        CliRun r = CliRun.run(dir, "trace", "docker.rules", "--in", "eth0", "--proto", "tcp", "--src",
                "198.51.100.7:1234", "--dst", "203.0.113.1:8080", "--format", "json");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode o = root.get("outcomes").get(0);
        assertThat(o.get("verdict").asText()).isEqualTo("accept");
        assertThat(o.get("delivered_to").asText()).isEqualTo("docker0");
        assertThat(o.get("out_iface").asText()).isEqualTo("docker0");
        assertThat(o.get("packet").get("src").asText()).isEqualTo("198.51.100.7");
        assertThat(o.get("packet").get("sport").asInt()).isEqualTo(1234);
        assertThat(o.get("packet").get("dst").asText()).isEqualTo("172.17.0.2");
        assertThat(o.get("packet").get("dport").asInt()).isEqualTo(80);
        JsonNode step = o.get("steps").get(0);
        assertThat(step.get("table").asText()).isEqualTo("nat");
        assertThat(step.get("chain").asText()).isEqualTo("PREROUTING");
        assertThat(step.get("rule").asInt()).isEqualTo(1);
        assertThat(step.get("line").asInt()).isEqualTo(17);
        assertThat(step.get("kind").asText()).isEqualTo("rule");
        assertThat(o.get("notes").isArray()).isTrue();
    }

    @Test
    void localPacketGetsItsSourceFromRoutingAndRepliesWalkBack() throws IOException {
        dump();
        CliRun local = CliRun.run(dir, "trace", "docker.rules", "--local", "--proto", "tcp", "--dst", "172.17.0.2:80");
        assertThat(local.out()).contains("=> accept: delivered to docker0 as tcp 172.17.0.1:40000 -> 172.17.0.2:80");
        CliRun reply = CliRun.run(dir, "trace", "docker.rules", "--in", "eth0", "--proto", "tcp", "--dst",
                "203.0.113.1:8080", "--reply");
        assertThat(reply.out()).contains("=> accept: delivered to eth0 as tcp 203.0.113.1:8080 -> 198.51.100.20:40000");
    }

    @Test
    void badInvocationsExitTwo() throws IOException {
        dump();
        assertThat(CliRun.run(dir, "trace", "docker.rules", "--in", "eth0", "--dst", "nonsense").exitCode())
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(CliRun.run(dir, "trace", "docker.rules", "--dst", "1.2.3.4:80").exitCode())
                .isEqualTo(ExitCode.BAD_INPUT);
        assertThat(CliRun.run(dir, "trace", "missing.rules", "--local", "--dst", "1.2.3.4:80").exitCode())
                .isEqualTo(ExitCode.BAD_INPUT);
    }
}
