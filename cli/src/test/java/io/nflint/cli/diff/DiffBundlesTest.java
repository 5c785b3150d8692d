package io.nflint.cli.diff;

import io.nflint.cli.ExitCode;
import io.nflint.cli.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nflint diff} on host bundles: the bundles' routes and bridges take part. */
class DiffBundlesTest {

    @TempDir
    Path dir;

    private static final String RULES = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -o eth1 -j ACCEPT
            -A FORWARD -m physdev --physdev-in veth1 --physdev-out veth2 -p tcp -m tcp --dport 80 -j ACCEPT
            COMMIT
            """;

    private static final String ADDR = """
            [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"link_type":"loopback","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8}]},
             {"ifindex":2,"ifname":"eth0","flags":["UP"],"link_type":"ether","addr_info":[{"family":"inet","local":"192.0.2.10","prefixlen":24}]},
             {"ifindex":3,"ifname":"eth1","flags":["UP"],"link_type":"ether","addr_info":[{"family":"inet","local":"198.51.100.1","prefixlen":24}]},
             {"ifindex":4,"ifname":"br0","flags":["UP"],"link_type":"ether","addr_info":[{"family":"inet","local":"10.0.0.1","prefixlen":24}]},
             {"ifindex":5,"ifname":"veth1","flags":["UP"],"master":"br0","link_type":"ether","addr_info":[]},
             {"ifindex":6,"ifname":"veth2","flags":["UP"],"master":"br0","link_type":"ether","addr_info":[]}]
            """;

    private static final String BRIDGE = """
            [{"ifindex":5,"ifname":"veth1","master":"br0","state":"forwarding","hairpin":false},
             {"ifindex":6,"ifname":"veth2","master":"br0","state":"forwarding","hairpin":false}]
            """;

    private static String routes(String tenOneDev) {
        return """
                [{"dst":"default","gateway":"192.0.2.1","dev":"eth0"},
                 {"dst":"192.0.2.0/24","dev":"eth0","scope":"link"},
                 {"dst":"198.51.100.0/24","dev":"eth1","scope":"link"},
                 {"dst":"10.0.0.0/24","dev":"br0","scope":"link"},
                 {"dst":"10.1.0.0/16","dev":"%s","scope":"link"}]
                """.formatted(tenOneDev);
    }

    private Path bundle(String name, String rules, String tenOneDev) throws Exception {
        Path b = Files.createDirectories(dir.resolve(name));
        Files.writeString(b.resolve("iptables.rules"), rules);
        Files.writeString(b.resolve("ip-addr.json"), ADDR);
        Files.writeString(b.resolve("ip-route.json"), routes(tenOneDev));
        Files.writeString(b.resolve("bridge-link.json"), BRIDGE);
        // a router: a bundle without sysctl.txt has the kernel's default, ip_forward = 0
        Files.writeString(b.resolve("sysctl.txt"), "net.ipv4.ip_forward = 1\n");
        return b;
    }

    @Test
    void aRouteChangeBetweenBundlesIsARoutedDifference() throws Exception {
        bundle("old", RULES, "eth1");
        bundle("new", RULES, "eth0");
        CliRun r = CliRun.run(dir, "diff", "--witnesses", "1", "old", "new");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).contains("routed: ").contains("old: ACCEPT").contains("new: DROP");
        assertThat(r.out()).doesNotContain("arbitrary routing");
    }

    @Test
    void aBundlesNftablesRulesetIsNamedAsNotComparedAndALoneOneIsRefused() throws Exception {
        Path old = bundle("old", RULES, "eth1");
        Path neu = bundle("new", RULES, "eth1");
        String nft = "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority 0; policy drop;\n\t}\n}\n";
        Files.writeString(old.resolve("nft.rules"), nft);
        Files.writeString(neu.resolve("nft.rules"), nft);
        CliRun r = CliRun.run(dir, "diff", "old", "new");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.err()).contains("nft.rules: nftables tables are not compared yet");
        Files.writeString(dir.resolve("a.nft"), nft);
        CliRun lone = CliRun.run(dir, "diff", "a.nft", "a.nft");
        assertThat(lone.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(lone.err()).contains("a.nft: this is an nftables ruleset");
    }

    @Test
    void aPhysdevChangeBetweenBundlesIsOnlyABridgedDifference() throws Exception {
        bundle("old", RULES, "eth1");
        bundle("new", RULES.replace("--dport 80", "--dport 8080"), "eth1");
        CliRun r = CliRun.run(dir, "diff", "--witnesses", "2", "old", "new");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).containsPattern("(?m)^bridged: tcp 10\\.0\\.0\\.\\d+:\\d+ -> 10\\.0\\.0\\.\\d+:(80|8080), in veth1, out veth2");
        assertThat(r.out()).doesNotContain("routed:").doesNotContain("local-in:").contains("2 differences");
    }

    @Test
    void bareDumpsSayTheyAssumeArbitraryRouting() throws Exception {
        Files.writeString(dir.resolve("old.rules"), RULES);
        Files.writeString(dir.resolve("new.rules"), RULES.replace("-o eth1", "-o eth2"));
        CliRun r = CliRun.run(dir, "diff", "--witnesses", "1", "old.rules", "new.rules");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FINDINGS);
        assertThat(r.out()).contains("note: no host model").contains("arbitrary routing");
    }
}
