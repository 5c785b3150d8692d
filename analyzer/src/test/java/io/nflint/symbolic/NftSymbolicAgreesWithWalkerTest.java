package io.nflint.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.walk.Outcome;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.WalkVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import io.nflint.symbolic.SymbolicAgreesWithWalkerOnPathsTest.Probe;

/**
 * The two engines agree on generated nftables rule sets: several tables (ip and inet) with base
 * chains at every hook and random priorities and policies, regular chains entered by jump, goto and
 * verdict maps, anonymous and named sets with intervals and concatenations, marks set in one table
 * and read in another, nat chains competing for a flow (dnat, NAT maps, snat, masquerade), rejects,
 * and sometimes an iptables filter table beside them. For a packet arriving on an interface or
 * generated locally, the symbolic engine's fates must contain every outcome of the concrete walker,
 * and be exactly the walker's outcome when the walker is firm (one outcome).
 */
class NftSymbolicAgreesWithWalkerTest {

    private static final FixedHost HOST = SymbolicAgreesWithWalkerOnPathsTest.HOST;

    private static final String[] MATCH = {"", "", "", "ip saddr 10.0.0.0/24", "ip saddr != 10.0.0.0/24",
            "ip daddr 172.17.0.2", "ip daddr { 10.0.0.7, 203.0.113.9 }", "ip daddr @hosts", "ip saddr @hosts",
            "tcp dport 80", "tcp dport { 22, 443 }", "tcp dport 8000-8100", "tcp dport != 22", "udp dport 53",
            "ip saddr . tcp dport @pairs", "meta l4proto icmp", "iifname \"eth0\"", "iifname != \"eth2\"",
            "oifname \"eth1\"", "oifname \"eth2\"", "meta mark 0x1", "meta mark & 0x4 == 0x4", "ct state new",
            "ct status dnat", "fib daddr type local", "meta l4proto tcp ct original proto-dst 8080",
            "th dport @ports", "ip daddr . th dport { 172.17.0.2 . 80, 10.0.0.7 . 53 }"};
    private static final String[] FILTER = {"accept", "accept", "drop", "drop", "reject", "reject with icmp type admin-prohibited",
            "jump sub", "goto sub", "return", "continue", "counter", "meta mark set 0x1", "meta mark set meta mark | 0x4",
            "tcp dport vmap { 80 : accept, 22 : drop, 443 : jump sub }", "ip daddr vmap @verdicts"};
    private static final String[] SUB = {"return", "accept", "drop", "meta mark set 0x4", "counter", "reject"};
    private static final String[] NAT_PRE = {"tcp dport 8080 dnat to 172.17.0.2:80", "ip daddr 10.0.0.1 dnat to 10.0.0.7",
            "tcp dport 2222 dnat to 10.0.0.1:22", "dnat to ip daddr map { 203.0.113.9 : 172.17.0.5, 8.8.8.8 : 10.0.0.9 }",
            "udp dport 53 dnat to 203.0.113.9:5353", "counter", "accept"};
    private static final String[] NAT_POST = {"oifname \"eth1\" masquerade", "ip saddr 172.17.0.0/16 snat to 198.51.100.1",
            "meta l4proto tcp snat to 198.51.100.1:1024", "counter", "accept"};
    private static final String[] HOOKS = {"prerouting", "input", "forward", "output", "postrouting"};
    private static final Integer[] PRIORITIES = {-150, -1, 0, 0, 1, 10};

    private static Arbitrary<String> rule(String[] statements) {
        return Combinators.combine(Arbitraries.of(MATCH), Arbitraries.of(MATCH), Arbitraries.of(statements))
                .as((a, b, s) -> (a + " " + (a.equals(b) ? "" : b) + " " + s).replaceAll("\\s+", " ").trim());
    }

    private static Arbitrary<String> rules(String[] statements, int max) {
        return rule(statements).list().ofMaxSize(max).map(l -> String.join("\n    ", l));
    }

    /** A filter table: one base chain at each of some hooks, and a regular chain {@code sub}. */
    private static Arbitrary<String> filterTable(String name) {
        Arbitrary<String> base = Combinators.combine(Arbitraries.of(HOOKS), Arbitraries.of(PRIORITIES),
                Arbitraries.of("accept", "drop"), rules(FILTER, 4)).as((hook, prio, policy, body) ->
                "  chain " + hook + " {\n    type filter hook " + hook + " priority " + prio + "; policy " + policy + ";\n    "
                        + body + "\n  }\n");
        return Combinators.combine(Arbitraries.of("ip", "inet"), base.list().ofMinSize(1).ofMaxSize(3)
                        .uniqueElements(c -> c.substring(0, c.indexOf('{'))), rules(SUB, 3))
                .as((family, chains, sub) -> "table " + family + " " + name + " {\n" + SETS + String.join("", chains)
                        + "  chain sub {\n    " + sub + "\n  }\n}\n");
    }

    private static final String SETS = """
              set hosts { type ipv4_addr; flags interval; elements = { 10.0.0.0-10.0.0.8, 172.17.0.5 } }
              set pairs { type ipv4_addr . inet_service; elements = { 10.0.0.7 . 80, 203.0.113.9 . 22 } }
              set ports { type inet_service; flags interval; elements = { 50-60, 2000-2999 } }
              map verdicts { type ipv4_addr : verdict; elements = { 10.0.0.7 : drop, 172.17.0.2 : jump sub } }
            """;

    private static Arbitrary<String> natTable(String name) {
        return Combinators.combine(Arbitraries.of(-100, -100, -90, -110), rules(NAT_PRE, 3), rules(NAT_POST, 2),
                Arbitraries.of(true, false)).as((prio, pre, post, out) ->
                "table ip " + name + " {\n  chain pre {\n    type nat hook prerouting priority " + prio + ";\n    " + pre
                        + "\n  }\n  chain post {\n    type nat hook postrouting priority 100;\n    " + post + "\n  }\n"
                        + (out ? "  chain out {\n    type nat hook output priority -100;\n    tcp dport 8080 dnat to 172.17.0.2:80\n  }\n" : "")
                        + "}\n");
    }

    @Provide
    Arbitrary<List<String>> ruleset() {
        Arbitrary<String> xtables = Arbitraries.of("", "", "FORWARD DROP", "INPUT DROP").map(p -> p.isEmpty() ? ""
                : "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                        .replace(":" + p.split(" ")[0] + " ACCEPT", ":" + p)
                        + "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A FORWARD -i eth2 -j ACCEPT\nCOMMIT\n");
        Arbitrary<String> nat = Combinators.combine(natTable("nat1"), natTable("nat2"), Arbitraries.integers().between(0, 2))
                .as((a, b, n) -> n == 0 ? "" : n == 1 ? a : a + b);
        return Combinators.combine(filterTable("f1"), filterTable("f2").injectNull(0.4), nat, xtables)
                .as((f1, f2, n, xt) -> List.of(f1 + (f2 == null ? "" : f2) + n + NAMES, xt));
    }

    /** Never called: names every host interface, so each gets its own id in the symbolic encoding. */
    private static final String NAMES = "table inet names {\n  chain never {\n    iifname \"eth0\" oifname \"eth1\" accept\n"
            + "    iifname \"eth2\" accept\n  }\n}\n";

    /** The probes of the iptables path test: arriving on each interface, or generated locally. */
    @Provide
    Arbitrary<Probe> probe() {
        return new SymbolicAgreesWithWalkerOnPathsTest().probe();
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void symbolicFatesContainTheWalkersAndAreFirmWhereItIs(@ForAll("ruleset") List<String> input, @ForAll("probe") Probe probe) {
        assertAgree(input.get(0), input.get(1), probe);
    }

    /** Two nat chains at one hook: the first that maps wins, the other is not consulted for the flow. */
    @Example
    void firstNatMappingWins() {
        String rules = """
                table ip a {
                  chain pre { type nat hook prerouting priority -100; tcp dport 8080 dnat to 172.17.0.2:80; }
                }
                table ip b {
                  chain pre { type nat hook prerouting priority -90; tcp dport 8080 dnat to 10.0.0.7:81; ip daddr 198.51.100.1 dnat to 10.0.0.9; }
                }
                """ + NAMES;
        assertThat(assertAgree(rules, "", new Probe("eth1", "203.0.113.9", 6, "198.51.100.1", 8080)))
                .containsExactly("ACCEPT 203.0.113.9:40000 -> 172.17.0.2:80 out eth2");
        assertThat(assertAgree(rules, "", new Probe("eth1", "203.0.113.9", 6, "198.51.100.1", 443)))
                .containsExactly("ACCEPT 203.0.113.9:40000 -> 10.0.0.9:443 out eth0");
    }

    /** An accept in an early base chain does not save the packet from a drop in a later one; a jump returns, a goto does not. */
    @Example
    void acceptEndsOnlyItsBaseChainAndGotoReturnsPastTheCaller() {
        String rules = """
                table inet a {
                  chain fwd { type filter hook forward priority -10; policy drop; jump j; tcp dport 80 accept; goto g; tcp dport 22 accept; }
                  chain j { tcp dport 443 return; tcp dport 80 return; }
                  chain g { return; }
                }
                table inet b {
                  chain fwd { type filter hook forward priority 10; policy accept; tcp dport 80 reject with tcp reset; }
                }
                """ + NAMES;
        assertThat(assertAgree(rules, "", new Probe("eth1", "203.0.113.9", 6, "172.17.0.2", 80)))
                .containsExactly("REJECT tcp-reset");
        // goto g returns past fwd: fwd's policy (drop) decides, the accept after it never runs
        assertThat(assertAgree(rules, "", new Probe("eth1", "203.0.113.9", 6, "172.17.0.2", 22)))
                .containsExactly("DROP");
    }

    /** The fates both engines give; fails when the symbolic engine misses a walker outcome or is vaguer where the walker is firm. */
    static Set<String> assertAgree(String nftText, String xtText, Probe probe) {
        NftRuleset nft = NftTextParser.parse("gen.nft", nftText, null, NftParseOptions.defaults());
        assertThat(nft.diagnostics()).as(nftText).isEmpty();
        List<Ruleset> xt = new ArrayList<>();
        if (!xtText.isEmpty()) {
            Ruleset rs = DumpParser.parse("gen.rules", xtText, ParseOptions.DETECT);
            assertThat(rs.hasSyntaxErrors()).as(xtText).isFalse();
            xt.add(rs);
        }
        Ip src = Ip.parseV4(probe.src()).orElseThrow();
        Ip dst = Ip.parseV4(probe.dst()).orElseThrow();
        boolean local = probe.entry().equals("local");
        String in = local ? null : probe.entry();
        boolean icmp = probe.proto() == 1;
        io.nflint.walk.Packet wp = probe.proto() == 6 ? io.nflint.walk.Packet.tcp(src, 40000, dst, probe.dport())
                : probe.proto() == 17 ? io.nflint.walk.Packet.udp(src, 40000, dst, probe.dport()) : io.nflint.walk.Packet.ping(src, dst);
        WalkResult walked = new io.nflint.walk.Walker(HOST.staticHost(), xt, nft)
                .walk(local ? WalkRequest.local(wp) : WalkRequest.arriving(in, wp));
        Set<String> concrete = new TreeSet<>();
        for (Outcome o : walked.outcomes()) {
            concrete.add(describe(o));
        }
        WitnessPacket sp = new WitnessPacket(in, null, probe.proto(), src, icmp ? 0 : 40000, dst, icmp ? 0 : probe.dport(),
                icmp ? 8 : 0, 0, probe.proto() == 6 ? 2 : 0, "NEW", 0, 0);
        Set<String> symbolic = new TreeSet<>();
        try (NftZ3Probe z3 = new NftZ3Probe(HOST, xt, nft)) {
            for (NftZ3Probe.Fate f : z3.fates(in, sp)) {
                symbolic.add(describe(f));
            }
        }
        String context = "%s%s%npacket %s%nwalker: %s%n%s".formatted(nftText, xtText, sp.describe(), concrete,
                String.join("\n", walked.outcomes().stream().flatMap(o -> o.steps().stream()).map(Object::toString).toList()));
        assertThat(symbolic).as(context).containsAll(concrete);
        if (walked.outcomes().size() == 1) {
            assertThat(symbolic).as(context).isEqualTo(concrete);
        }
        net.jqwik.api.statistics.Statistics.label("fate").collect(concrete.size() == 1 ? concrete.iterator().next().split(" ")[0] : "fork");
        return symbolic;
    }

    private static String describe(Outcome o) {
        if (o.verdict() == WalkVerdict.REJECT) {
            return "REJECT " + o.rejectWith();
        }
        if (o.verdict() != WalkVerdict.ACCEPT) {
            return o.verdict() == WalkVerdict.DROP ? "DROP" : o.verdict().name();
        }
        io.nflint.walk.Packet p = o.packet();
        return "ACCEPT " + p.src() + ":" + Math.max(p.sport(), 0) + " -> " + p.dst() + ":" + Math.max(p.dport(), 0)
                + " out " + (o.deliveredLocally() ? "local" : o.outIface());
    }

    private static String describe(NftZ3Probe.Fate f) {
        if (!f.verdict().equals("ACCEPT")) {
            return f.verdict() + (f.verdict().equals("REJECT") ? " " + f.rejectWith() : "");
        }
        WitnessPacket e = f.end();
        return "ACCEPT " + e.src() + ":" + e.sport() + " -> " + e.dst() + ":" + e.dport() + " out "
                + (f.out() == null ? "local" : f.out());
    }
}
