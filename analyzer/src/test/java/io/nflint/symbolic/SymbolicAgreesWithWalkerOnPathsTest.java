package io.nflint.symbolic;

import io.nflint.symbolic.z3.Z3Engine;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two engines agree on whole paths: on generated rule sets from PREROUTING to POSTROUTING
 * (mangle MARK, nat DNAT/SNAT/MASQUERADE in base and user chains, filter with -m mark, user chains
 * with -j, -g and RETURN), a packet arriving on an interface (delivered locally or forwarded) or
 * generated locally gets the same verdict and, when accepted, the same translated header and out
 * interface from the concrete walker and from the symbolic engine, with the symbolic engine's
 * routing fixed to the walker's host.
 */
class SymbolicAgreesWithWalkerOnPathsTest {

    /** One engine per try: a Z3 context must not be shared between the threads a test run may use. */
    private static Z3Engine open() {
        return Z3Engine.open(EngineOptions.DEFAULTS);
    }

    static final FixedHost HOST = new FixedHost(List.of(new FixedHost.Iface("eth0", "10.0.0.1/24"),
            new FixedHost.Iface("eth1", "198.51.100.1/24"), new FixedHost.Iface("eth2", "172.17.0.1/16")),
            "eth1", "198.51.100.254");

    private static final String[] ADDR = {"", "", "-s 10.0.0.0/24", "! -s 10.0.0.0/24", "-s 203.0.113.0/24",
            "-d 172.17.0.2/32", "-d 198.51.100.1/32", "! -d 10.0.0.0/8", "-d 10.0.0.7/32", "-m addrtype --dst-type LOCAL",
            "-m addrtype ! --dst-type LOCAL"};
    private static final String[] PROTO = {"", "", "-p tcp -m tcp --dport 80", "-p tcp -m tcp --dport 8080",
            "-p udp -m udp --dport 53", "-p tcp -m multiport --dports 22,443", "-p tcp -m tcp ! --dport 22", "-p tcp -m tcp --tcp-flags SYN,ACK SYN",
            "-p icmp -m icmp --icmp-type 8", "-p icmp -m icmp ! --icmp-type 0"};
    private static final String[] MARKS = {"-m mark --mark 0x1", "-m mark --mark 0x4/0x4", "-m mark ! --mark 0x1"};
    private static final String[] IN = {"-i eth0", "-i eth1", "! -i eth2"};
    private static final String[] OUT = {"-o eth1", "-o eth2", "! -o eth0"};
    private static final String[] SET_MARK = {"-j MARK --set-xmark 0x1/0xffffffff", "-j MARK --set-xmark 0x4/0x4",
            "-j MARK --set-xmark 0x0/0x1"};
    private static final String[] DNAT = {"-p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
            "-j DNAT --to-destination 10.0.0.7", "-p tcp -m tcp --dport 2222 -j DNAT --to-destination 10.0.0.1:22",
            "-p udp -m udp --dport 53 -j DNAT --to-destination 203.0.113.9:5353"};
    /** OUTPUT DNAT to local addresses would loop through lo, which the symbolic engine does not model. */
    private static final String[] DNAT_OUT = {"-p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
            "-j DNAT --to-destination 10.0.0.7", "-p udp -m udp --dport 53 -j DNAT --to-destination 203.0.113.9:5353"};

    /** {@code -A chain [match] target}: the target may bring its own protocol match, which then replaces the slot. */
    private static Arbitrary<String> rule(String chain, String[] ifaceMatches, boolean marks, String... targets) {
        Arbitrary<String> extra = Arbitraries.of(concat(ADDR, ifaceMatches, marks ? MARKS : new String[0]));
        return Combinators.combine(extra, Arbitraries.of(PROTO), Arbitraries.of(targets)).as((x, p, t) ->
                ("-A " + chain + " " + x + " " + (t.startsWith("-p ") ? "" : p) + " " + t).replaceAll("\\s+", " ").trim());
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private static Arbitrary<List<String>> rules(Arbitrary<String> one, int max) {
        return one.list().ofMaxSize(max);
    }

    private static final String[] NONE = {};

    @Provide
    Arbitrary<String> ruleset() {
        Arbitrary<List<String>> manglePre = rules(rule("PREROUTING", IN, true, concat(SET_MARK, new String[] {"-j MSUB"})), 3);
        Arbitrary<List<String>> mangleOut = rules(rule("OUTPUT", OUT, true, concat(SET_MARK, new String[] {"-j MSUB"})), 2);
        Arbitrary<List<String>> mangleLater = Arbitraries.oneOf(rule("INPUT", IN, true, SET_MARK), rule("FORWARD", concat(IN, OUT), true, SET_MARK),
                rule("POSTROUTING", OUT, true, SET_MARK)).list().ofMaxSize(3);
        Arbitrary<List<String>> msub = rules(rule("MSUB", NONE, true, concat(SET_MARK, new String[] {"-j RETURN"})), 2);
        Arbitrary<List<String>> natPre = rules(rule("PREROUTING", IN, true, concat(DNAT, DNAT, new String[] {"-j NSUB", "-g NSUB", "-j ACCEPT"})), 3);
        Arbitrary<List<String>> nsub = rules(rule("NSUB", IN, false, concat(DNAT, new String[] {"-j RETURN"})), 3);
        Arbitrary<List<String>> natOut = rules(rule("OUTPUT", OUT, true, DNAT_OUT), 2);
        Arbitrary<List<String>> natIn = rules(rule("INPUT", IN, true, "-j SNAT --to-source 10.0.0.99", "-j ACCEPT"), 1);
        Arbitrary<List<String>> natPost = rules(rule("POSTROUTING", OUT, true,
                "-j SNAT --to-source 198.51.100.1", "-j MASQUERADE", "-j ACCEPT", "-p tcp -j SNAT --to-source 198.51.100.1:1024"), 3);
        String[] filterTargets = {"-j ACCEPT", "-j DROP", "-j REJECT --reject-with icmp-port-unreachable", "-j SUB", "-g SUB",
                "-j RETURN"};
        Arbitrary<List<String>> input = rules(rule("INPUT", IN, true, filterTargets), 4);
        Arbitrary<List<String>> forward = rules(rule("FORWARD", concat(IN, OUT), true, filterTargets), 5);
        Arbitrary<List<String>> output = rules(rule("OUTPUT", OUT, true, filterTargets), 3);
        Arbitrary<List<String>> sub = rules(rule("SUB", NONE, true, "-j RETURN", "-j ACCEPT", "-j DROP", "-j SUB2", "-g SUB2",
                "-j MARK --set-xmark 0x1/0xffffffff"), 4);
        Arbitrary<List<String>> sub2 = rules(rule("SUB2", NONE, true, "-j RETURN", "-j ACCEPT", "-j DROP"), 2);
        Arbitrary<List<Boolean>> policies = Arbitraries.of(true, false).list().ofSize(3);
        Arbitrary<List<List<String>>> mangle = Combinators.combine(manglePre, mangleOut, msub, mangleLater).as(List::of);
        Arbitrary<List<List<String>>> nat = Combinators.combine(natPre, nsub, natOut, natPost, natIn).as(List::of);
        Arbitrary<List<List<String>>> filter = Combinators.combine(input, forward, output, sub, sub2).as(List::of);
        return Combinators.combine(mangle, nat, filter, policies).as((m, n, f, pol) -> {
            StringBuilder sb = new StringBuilder("*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
                    + ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:MSUB - [0:0]\n");
            m.forEach(l -> l.forEach(r -> sb.append(r).append('\n')));
            sb.append("COMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:NSUB - [0:0]\n");
            n.forEach(l -> l.forEach(r -> sb.append(r).append('\n')));
            sb.append("COMMIT\n*filter\n:INPUT ").append(pol.get(0) ? "ACCEPT" : "DROP").append(" [0:0]\n:FORWARD ")
                    .append(pol.get(1) ? "ACCEPT" : "DROP").append(" [0:0]\n:OUTPUT ").append(pol.get(2) ? "ACCEPT" : "DROP")
                    .append(" [0:0]\n:SUB - [0:0]\n:SUB2 - [0:0]\n:IFACES - [0:0]\n");
            f.forEach(l -> l.forEach(r -> sb.append(r).append('\n')));
            // never called: names every host interface, so each gets its own id in the symbolic encoding
            sb.append("-A IFACES -i eth0 -o eth1 -j ACCEPT\n-A IFACES -i eth2 -j ACCEPT\nCOMMIT\n");
            return sb.toString();
        });
    }

    /** Where a packet enters (an interface, or "local"), and its header. */
    record Probe(String entry, String src, int proto, String dst, int dport) {
    }

    private static final String[] REMOTE = {"10.0.0.7", "10.0.0.9", "203.0.113.9", "198.51.100.20", "172.17.0.5"};
    private static final String[] DST_IN = {"10.0.0.1", "198.51.100.1", "172.17.0.1", "172.17.0.2", "10.0.0.7",
            "203.0.113.9", "8.8.8.8"};
    private static final String[] DST_OUT = {"172.17.0.2", "10.0.0.7", "203.0.113.9", "8.8.8.8"};
    private static final Integer[] PORTS = {22, 53, 80, 443, 2222, 8080};

    @Provide
    Arbitrary<Probe> probe() {
        Arbitrary<Probe> arriving = Combinators.combine(Arbitraries.of("eth0", "eth1", "eth2"), Arbitraries.of(REMOTE),
                Arbitraries.of(6, 17, 1), Arbitraries.of(DST_IN), Arbitraries.of(PORTS)).as(Probe::new);
        Arbitrary<Probe> local = Combinators.combine(Arbitraries.of("10.0.0.1", "198.51.100.1"), Arbitraries.of(6, 17, 1),
                Arbitraries.of(DST_OUT), Arbitraries.of(PORTS)).as((s, p, d, port) -> new Probe("local", s, p, d, port));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, arriving), net.jqwik.api.Tuple.of(1, local));
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void walkerAndSymbolicAgreeOnVerdictAndNat(@ForAll("ruleset") String text, @ForAll("probe") Probe probe) {
        Ruleset rs = DumpParser.parse("gen.rules", text, ParseOptions.DETECT);
        assertThat(rs.hasSyntaxErrors()).as("%s%s", text, rs.diagnostics()).isFalse();
        assertAgree(rs, text, probe);
    }

    /**
     * Every witness of a diff between a generated rule set and the same without one of its rules
     * replays through the walker on the host the solver chose (or says why it cannot be replayed).
     */
    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void diffWitnessesReplay(@ForAll("ruleset") String text, @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 1000) int pick) {
        List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n")));
        List<Integer> ruleLines = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("-A ") && !lines.get(i).startsWith("-A IFACES")) {
                ruleLines.add(i);
            }
        }
        net.jqwik.api.Assume.that(!ruleLines.isEmpty());
        lines.remove((int) ruleLines.get(pick % ruleLines.size()));
        String other = String.join("\n", lines) + "\n";
        SemanticDiff d = diff(text, other);
        net.jqwik.api.statistics.Statistics.label("witnesses").collect(d.differences().isEmpty() ? "none"
                : d.differences().stream().map(x -> x.replay().status().name() + (x.confirmed() ? "" : " " + x.replay().notes().get(0).substring(0, 40))).distinct().sorted().toList().toString());
        assertReplayed(d, text, other);
    }

    /** Both rule sets diffed on a fresh engine, two witnesses per entry point. */
    private static SemanticDiff diff(String text, String other) {
        try (Z3Engine engine = open()) {
            return engine.diff(DumpParser.parse("old.rules", text, ParseOptions.DETECT),
                    DumpParser.parse("new.rules", other, ParseOptions.DETECT), 2);
        }
    }

    /** No witness may fail to replay; a failure prints both rule sets, ready to become an example. */
    private static void assertReplayed(SemanticDiff d, String text, String other) {
        for (SemanticDiff.Difference x : d.differences()) {
            assertThat(x.replay().status()).as("%s%n-- new --%n%s%n%s", text, other, x)
                    .isNotEqualTo(SemanticDiff.Replay.Status.DID_NOT_REPLAY);
        }
    }

    /**
     * A case the diff property found: without the DNAT rule, the only differing packets the solver
     * first offered went to a multicast address, which the solver forwarded where the walker
     * delivers it locally. The symbolic routing decision now delivers multicast and broadcast
     * destinations locally and never forwards them, as the walker does.
     */
    @net.jqwik.api.Example
    void removingADnatRuleGivesWitnessesThatReplay() {
        String text = """
                *mangle
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :MSUB - [0:0]
                -A PREROUTING -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x1/0xffffffff
                -A PREROUTING ! -s 10.0.0.0/24 -j MSUB
                -A PREROUTING -m mark ! --mark 0x1 -j MARK --set-xmark 0x1/0xffffffff
                -A MSUB -s 10.0.0.0/24 -j MARK --set-xmark 0x1/0xffffffff
                -A INPUT ! -i eth2 -p tcp -m tcp --tcp-flags SYN,ACK SYN -j MARK --set-xmark 0x4/0x4
                COMMIT
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :NSUB - [0:0]
                -A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
                -A PREROUTING -i eth0 -p tcp -m tcp --tcp-flags SYN,ACK SYN -j DNAT --to-destination 10.0.0.7
                -A POSTROUTING ! -o eth0 -p tcp -j SNAT --to-source 198.51.100.1:1024
                -A POSTROUTING -d 10.0.0.7/32 -p tcp -m tcp --dport 80 -j MASQUERADE
                -A POSTROUTING -o eth2 -p tcp -m multiport --dports 22,443 -j SNAT --to-source 198.51.100.1
                COMMIT
                *filter
                :INPUT DROP [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :SUB - [0:0]
                :SUB2 - [0:0]
                :IFACES - [0:0]
                -A INPUT ! -d 10.0.0.0/8 -p tcp -m tcp --dport 8080 -j SUB
                -A INPUT -m mark --mark 0x4/0x4 -p tcp -m tcp --dport 80 -j DROP
                -A INPUT -d 172.17.0.2/32 -j RETURN
                -A FORWARD ! -s 10.0.0.0/24 -p icmp -m icmp ! --icmp-type 0 -j DROP
                -A FORWARD -p tcp -m tcp ! --dport 22 -j REJECT --reject-with icmp-port-unreachable
                -A FORWARD ! -o eth0 -p udp -m udp --dport 53 -j ACCEPT
                -A FORWARD -i eth0 -p tcp -m tcp ! --dport 22 -j DROP
                -A FORWARD -d 198.51.100.1/32 -p udp -m udp --dport 53 -j SUB
                -A SUB -m mark ! --mark 0x1 -p tcp -m tcp --dport 8080 -j MARK --set-xmark 0x1/0xffffffff
                -A SUB -d 10.0.0.7/32 -p icmp -m icmp --icmp-type 8 -j MARK --set-xmark 0x1/0xffffffff
                -A SUB ! -s 10.0.0.0/24 -p udp -m udp --dport 53 -j MARK --set-xmark 0x1/0xffffffff
                -A SUB2 ! -s 10.0.0.0/24 -j DROP
                -A IFACES -i eth0 -o eth1 -j ACCEPT
                -A IFACES -i eth2 -j ACCEPT
                COMMIT
                """;
        String other = text.replace("-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n", "");
        SemanticDiff d = diff(text, other);
        assertThat(d.differences()).isNotEmpty();
        assertReplayed(d, text, other);
    }

    /**
     * Another case the diff property found: removing an INPUT DROP; the first witness the solver
     * offered was a martian (127.0.0.0 arriving on eth0), which the walker drops at the routing
     * decision. The symbolic routing decision now drops martians too, and without a host leaves
     * route_localnet open and hands its choice to the replay.
     */
    @net.jqwik.api.Example
    void removingAnInputDropGivesWitnessesThatReplay() {
        String text = """
                *mangle
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :MSUB - [0:0]
                COMMIT
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :NSUB - [0:0]
                COMMIT
                *filter
                :INPUT DROP [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :SUB - [0:0]
                :SUB2 - [0:0]
                :IFACES - [0:0]
                -A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN -j ACCEPT
                -A INPUT -j DROP
                -A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
                -A IFACES -i eth0 -o eth1 -j ACCEPT
                -A IFACES -i eth2 -j ACCEPT
                COMMIT
                """;
        String other = text.replace("-A INPUT -j DROP\n", "");
        SemanticDiff d = diff(text, other);
        assertThat(d.differences()).isNotEmpty();
        assertReplayed(d, text, other);
    }

    static void assertAgree(Ruleset rs, String text, Probe probe) {
        Ip src = Ip.parseV4(probe.src()).orElseThrow();
        Ip dst = Ip.parseV4(probe.dst()).orElseThrow();
        boolean local = probe.entry().equals("local");
        String in = local ? null : probe.entry();
        io.nflint.walk.Packet wp = probe.proto() == 6 ? io.nflint.walk.Packet.tcp(src, 40000, dst, probe.dport())
                : probe.proto() == 17 ? io.nflint.walk.Packet.udp(src, 40000, dst, probe.dport()) : io.nflint.walk.Packet.ping(src, dst);
        WalkResult walked = new io.nflint.walk.Walker(HOST.staticHost(), List.of(rs))
                .walk(local ? WalkRequest.local(wp) : WalkRequest.arriving(in, wp));
        assertThat(walked.outcomes()).as("the generated rules are deterministic").hasSize(1);
        PacketOutcome concrete = PacketOutcome.of(walked.only());
        net.jqwik.api.statistics.Statistics.label("fate").collect(concrete.verdict(),
                local ? "local-out" : walked.only().steps().stream().anyMatch(s -> s.chain().equals("FORWARD")) ? "routed" : "local-in");
        net.jqwik.api.statistics.Statistics.label("nat").collect(concrete.verdict().equals("ACCEPT")
                && !(concrete.src().equals(probe.src()) && concrete.dst().equals(probe.dst())));
        net.jqwik.api.statistics.Statistics.label("marked").collect(walked.only().steps().stream()
                .anyMatch(s -> s.target() != null && s.target().startsWith("MARK")));

        boolean icmp = probe.proto() == 1;
        WitnessPacket sp = new WitnessPacket(in, null, probe.proto(), src, icmp ? 0 : 40000, dst, icmp ? 0 : probe.dport(), icmp ? 8 : 0, 0,
                probe.proto() == 6 ? 2 : 0, "NEW", 0, 0);
        PacketOutcome symbolic;
        try (Z3Engine engine = open()) {
            symbolic = PacketOutcome.symbolic(engine, rs, HOST, in, sp);
        }
        assertThat(symbolic).as("%s%npacket %s%nwalker: %s%n%s", text, sp.describe(), walked.only().summary(),
                String.join("\n", walked.only().steps().stream().map(Object::toString).toList())).isEqualTo(concrete);
    }
}
