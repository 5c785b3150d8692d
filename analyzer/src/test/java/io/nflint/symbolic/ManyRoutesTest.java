package io.nflint.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.host.HostBundleLoader;
import io.nflint.host.HostModel;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A host bundle with 10,000 routes (issue #20: 97 s): routing is an interval search, so rule logic
 * and diff on such a host answer. The routes alternate between three devices, so no two neighbours
 * merge: the worst case for the map. 300,000 such routes (a full BGP table) would make Z3 bit-blast
 * 300,000 comparisons into every query, gigabytes each: beyond {@link
 * io.nflint.symbolic.z3.HostFacts#MAX_ROUTE_INTERVALS} intervals the routes are left open, as without
 * a route file, and the answer says so.
 */
class ManyRoutesTest {

    @TempDir
    Path dir;

    private static final String RULES = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -o eth1 -j ACCEPT
            -A FORWARD -d 11.0.1.0/24 -o eth2 -j ACCEPT
            -A FORWARD -d 11.0.1.0/24 -o eth1 -p tcp -j DROP
            -A FORWARD -o eth0 -p udp -j ACCEPT
            COMMIT
            """;

    private HostModel bundle(int routes) throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < routes; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"dst\":\"").append(11 + (i >> 16)).append('.').append((i >> 8) & 0xff)
                    .append('.').append(i & 0xff).append(".0/24\",\"dev\":\"eth").append(i % 3).append("\",\"flags\":[]}");
        }
        sb.append(",{\"dst\":\"default\",\"gateway\":\"192.0.2.254\",\"dev\":\"eth0\",\"flags\":[]}]");
        Files.writeString(dir.resolve("ip-route.json"), sb);
        StringBuilder addrs = new StringBuilder("[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[],\"addr_info\":"
                + "[{\"family\":\"inet\",\"local\":\"127.0.0.1\",\"prefixlen\":8}]}");
        for (int i = 0; i < 3; i++) {
            addrs.append(",{\"ifindex\":").append(i + 2).append(",\"ifname\":\"eth").append(i)
                    .append("\",\"flags\":[],\"addr_info\":[{\"family\":\"inet\",\"local\":\"192.0.").append(i + 2)
                    .append(".1\",\"prefixlen\":24}]}");
        }
        Files.writeString(dir.resolve("ip-addr.json"), addrs.append(']'));
        Files.writeString(dir.resolve("iptables.rules"), RULES);
        // a router: without it the host does not forward and FORWARD decides nothing
        Files.writeString(dir.resolve("sysctl.txt"), "net.ipv4.ip_forward = 1\n");
        return HostBundleLoader.load(dir).host();
    }

    /**
     * 10,000 routes are encoded: 11.0.1.0/24 routes out of eth1 (route 1 of the table), so the rule
     * for eth2 (line 6) is never matched, and line 5 already accepts everything leaving by eth1
     * (line 7). 300,000 are left open: 11.0.1.0/24 may leave by eth2, only line 7 stays shadowed,
     * and the diff says why.
     */
    @ParameterizedTest
    @CsvSource({"10000, '6,7'", "300000, '7'"})
    void ruleLogicAndDiffAnswerOnAHostWithManyRoutes(int routes, String shadowed) throws Exception {
        HostModel host = bundle(routes);
        Ruleset rs = DumpParser.parse("iptables.rules", RULES, ParseOptions.DETECT);
        try (SymbolicEngine engine = SymbolicEngine.open(EngineOptions.DEFAULTS.withConcreteProbes(false))) {
            RuleLogicReport r = engine.ruleLogic(rs, x -> true, host);
            assertThat(r.rulesSkipped()).isZero();
            assertThat(r.undecided()).isEmpty();
            assertThat(r.shadowed()).extracting(s -> String.valueOf(s.rule().span().line()))
                    .containsExactly(shadowed.split(","));
        }
        Ruleset changed = DumpParser.parse("new.rules", RULES.replace("-o eth0 -p udp -j ACCEPT", "-o eth0 -p udp -j DROP"),
                ParseOptions.DETECT);
        try (SymbolicEngine engine = SymbolicEngine.open()) {
            SemanticDiff d = engine.diff(rs, changed, 1, new DiffContext(host, host, null, null));
            assertThat(d.undecided()).isEmpty();
            assertThat(d.differences()).isNotEmpty().allSatisfy(x -> assertThat(x.witness().proto()).isEqualTo(17));
            String open = "IPv4 routes make";
            if (routes > 50_000) {
                assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains((routes + 1) + " " + open)
                        .contains("more than the symbolic engine encodes (50000): IPv4 destinations may route out of any interface"));
            } else {
                assertThat(d.notes()).noneSatisfy(n -> assertThat(n).contains(open));
            }
        }
    }
}
