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

/** {@code nflint trace} over an nft ruleset, alone and in a bundle beside iptables-save. */
class TraceNftTest {

    @TempDir
    Path dir;

    private static final String NFT = """
            table inet filter {
            	chain forward {
            		type filter hook forward priority 0; policy drop;
            		ct state established,related accept
            		tcp dport 80 accept
            	}
            }
            table ip nat {
            	chain prerouting {
            		type nat hook prerouting priority -100; policy accept;
            		tcp dport 8080 dnat to 172.17.0.2:80
            	}
            }
            """;

    private static final String IPTABLES = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -d 172.17.0.2/32 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
            COMMIT
            """;

    /** A host: uplink ext0 198.51.100.1/24 (default via .2), docker0 172.17.0.1/16. */
    private Path bundle(String nft) throws IOException {
        Path b = Files.createDirectories(dir.resolve("host"));
        Files.writeString(b.resolve("iptables.rules"), IPTABLES);
        Files.writeString(b.resolve("nft.rules"), nft);
        Files.writeString(b.resolve("ip-addr.json"), """
                [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"operstate":"UNKNOWN","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8}]},
                 {"ifindex":2,"ifname":"ext0","flags":["UP"],"operstate":"UP","addr_info":[{"family":"inet","local":"198.51.100.1","prefixlen":24}]},
                 {"ifindex":3,"ifname":"docker0","flags":["UP"],"operstate":"UP","link_type":"ether","addr_info":[{"family":"inet","local":"172.17.0.1","prefixlen":16}]}]
                """);
        Files.writeString(b.resolve("ip-route.json"), """
                [{"dst":"default","gateway":"198.51.100.2","dev":"ext0"},
                 {"dst":"198.51.100.0/24","dev":"ext0","prefsrc":"198.51.100.1"},
                 {"dst":"172.17.0.0/16","dev":"docker0","prefsrc":"172.17.0.1"}]
                """);
        Files.writeString(b.resolve("sysctl.txt"), "net.ipv4.ip_forward = 1\n");
        return b;
    }

    @Test
    void nftLinesReadLikeNftMonitorTraceAndIptablesLinesLikeTrace() throws IOException {
        bundle(NFT);
        CliRun r = CliRun.run(dir, "trace", "host", "--in", "ext0", "--src", "198.51.100.2:40000", "--dst", "198.51.100.1:8080");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).containsPattern("trace id [0-9a-f]{8} ip nat prerouting rule tcp dport 8080 dnat to 172.17.0.2:80"
                        + " \\(verdict accept\\) \\(host/nft.rules:11\\)")
                .containsPattern("trace id [0-9a-f]{8} inet filter forward rule tcp dport 80 accept \\(verdict accept\\)"
                        + " \\(host/nft.rules:5\\)")
                .contains("TRACE: filter:FORWARD:rule:1 (line 5) ACCEPT")
                .contains("=> accept: delivered to docker0 as tcp 198.51.100.2:40000 -> 172.17.0.2:80");
        // the same request prints the same lines
        assertThat(CliRun.run(dir, "trace", "host", "--in", "ext0", "--src", "198.51.100.2:40000", "--dst",
                "198.51.100.1:8080").out()).isEqualTo(r.out());
    }

    @Test
    void jsonStepsCarryBackendFamilyAndPriority() throws IOException {
        bundle(NFT);
        CliRun r = CliRun.run(dir, "trace", "host", "--in", "ext0", "--src", "198.51.100.2:40000", "--dst", "198.51.100.1:8080",
                "--format", "json");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        JsonNode steps = new ObjectMapper().readTree(r.out()).get("outcomes").get(0).get("steps");
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).get("backend").asText()).isEqualTo("nftables");
        assertThat(steps.get(0).get("family").asText()).isEqualTo("ip");
        assertThat(steps.get(0).get("priority").asInt()).isEqualTo(-100);
        assertThat(steps.get(1).get("family").asText()).isEqualTo("inet");
        assertThat(steps.get(1).get("priority").asInt()).isZero();
        assertThat(steps.get(2).get("backend").asText()).isEqualTo("xtables");
        assertThat(steps.get(2).get("table").asText()).isEqualTo("filter");
        assertThat(steps.get(2).get("priority").asInt()).isZero();
    }

    @Test
    void anNftDropInABundleEndsThePacketThatIptablesWouldAccept() throws IOException {
        bundle(NFT.replace("tcp dport 80 accept", "tcp dport 80 drop"));
        CliRun r = CliRun.run(dir, "trace", "host", "--in", "ext0", "--src", "198.51.100.2:40000", "--dst", "198.51.100.1:8080",
                "--expect", "drop");
        assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).doesNotContain("TRACE: filter:FORWARD");
    }

    @Test
    void anNftFileAloneAndItsJsonTwinTraceAlike() throws IOException {
        Files.writeString(dir.resolve("r.nft"), NFT);
        CliRun text = CliRun.run(dir, "trace", "r.nft", "--local", "--dst", "127.0.0.1:80");
        assertThat(text.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(text.out()).contains("=> accept: delivered locally");
        Files.writeString(dir.resolve("r.json"), """
                {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
                {"table": {"family": "inet", "name": "filter", "handle": 1}},
                {"chain": {"family": "inet", "table": "filter", "name": "output", "handle": 1, "type": "filter", "hook": "output", "prio": 0, "policy": "accept"}},
                {"rule": {"family": "inet", "table": "filter", "chain": "output", "handle": 2, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 80}}, {"reject": {"type": "tcp reset"}}]}}]}
                """);
        CliRun json = CliRun.run(dir, "trace", "r.json", "--local", "--dst", "127.0.0.1:80");
        assertThat(json.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(json.out()).contains("inet filter output rule").contains("=> reject (tcp-reset)");
    }

    @Test
    void aBrokenNftFileIsBadInputAtNftsPosition() throws IOException {
        Files.writeString(dir.resolve("bad.nft"), "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority 0; polcy drop;\n\t}\n}\n");
        CliRun r = CliRun.run(dir, "trace", "bad.nft", "--local", "--dst", "127.0.0.1:80");
        assertThat(r.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("bad.nft:3:");
    }

    @Test
    void aRulesetAloneGetsTheUplinkABareDumpGetsSoItsInputChainIsReached() throws IOException {
        Files.writeString(dir.resolve("host.nft"), """
                table inet filter {
                	chain input {
                		type filter hook input priority filter; policy drop;
                		iif "lo" accept
                		tcp dport { 22, 443 } accept
                	}
                }
                """);
        CliRun open = CliRun.run(dir, "trace", "host.nft", "--in", "eth0", "--dst", "203.0.113.1:443");
        assertThat(open.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(open.out()).contains("assumed: uplink eth0 203.0.113.1/24 with the default route via 203.0.113.254")
                .containsPattern("inet filter input rule tcp dport \\{ 22, 443 \\} accept \\(verdict accept\\)"
                        + " \\(host.nft:5\\)")
                .contains("=> accept: delivered locally as tcp 198.51.100.20:40000 -> 203.0.113.1:443");
        CliRun closed = CliRun.run(dir, "trace", "host.nft", "--in", "eth0", "--dst", "203.0.113.1:25");
        assertThat(closed.out()).contains("inet filter input policy drop (host.nft:3)")
                .contains("=> drop as tcp 198.51.100.20:40000 -> 203.0.113.1:25");
    }
}
