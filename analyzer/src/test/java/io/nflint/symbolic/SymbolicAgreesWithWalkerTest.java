package io.nflint.symbolic;

import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.pipeline.PacketPath;
import io.nflint.walk.StaticHost;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.Walker;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two engines agree: on generated INPUT rule sets (addresses, protocols, ports, multiport,
 * negation, user chains with RETURN and goto, policies), a packet the concrete walker delivers is
 * in the symbolic engine's delivered set, and one it drops is not.
 */
class SymbolicAgreesWithWalkerTest {

    static SymbolicEngine engine;

    @BeforeContainer
    static void open() {
        engine = SymbolicEngine.open();
    }

    @AfterContainer
    static void close() {
        engine.close();
    }

    private static final String[] NETS = {"10.0.0.0/8", "10.1.0.0/16", "10.1.2.3/32", "192.168.0.0/16", "0.0.0.0/0"};
    private static final String[] SRCS = {"10.1.2.3", "10.9.9.9", "192.168.1.1", "198.51.100.7"};
    private static final int[] PORTS = {22, 80, 443, 8080};

    @Provide
    Arbitrary<String> rule() {
        Arbitrary<String> src = Arbitraries.of(NETS).map(n -> "-s " + n).injectNull(0.4).map(x -> x == null ? "" : x);
        Arbitrary<String> neg = Arbitraries.of("", "! ").injectNull(0.0);
        Arbitrary<String> proto = Arbitraries.of("", "-p tcp -m tcp --dport 22", "-p tcp -m tcp --dport 80:443",
                "-p udp -m udp --dport 53", "-p tcp -m multiport --dports 22,8080", "-p tcp -m tcp ! --dport 443", "-i eth1");
        Arbitrary<String> target = Arbitraries.of("-j ACCEPT", "-j DROP", "-j REJECT", "-j SUB", "-g SUB");
        return Combinators.combine(neg, src, proto, target).as((n, s, p, t) -> {
            String src2 = s.isEmpty() ? "" : n + s;
            return ("-A INPUT " + src2 + " " + p + " " + t).replaceAll("\\s+", " ");
        });
    }

    @Provide
    Arbitrary<String> subRule() {
        return Combinators.combine(Arbitraries.of(NETS), Arbitraries.of("-j RETURN", "-j ACCEPT", "-j DROP"))
                .as((n, t) -> "-A SUB -s " + n + " " + t);
    }

    @Provide
    Arbitrary<Tuple.Tuple3<String, Integer, Integer>> packet() {
        return Combinators.combine(Arbitraries.of(SRCS), Arbitraries.of(6, 17), Arbitraries.of(22, 53, 80, 100, 443, 8080))
                .as(Tuple::of);
    }

    @Property(tries = 100)
    void walkerAndSymbolicAgreeOnLocalDelivery(@ForAll @Size(max = 8) List<@From("rule") String> rules,
                                               @ForAll @Size(max = 4) List<@From("subRule") String> sub,
                                               @ForAll boolean dropPolicy,
                                               @ForAll("packet") Tuple.Tuple3<String, Integer, Integer> pkt) {
        StringBuilder text = new StringBuilder("*filter\n:INPUT " + (dropPolicy ? "DROP" : "ACCEPT") + " [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:SUB - [0:0]\n");
        rules.stream().limit(8).forEach(r -> text.append(r).append('\n'));
        sub.stream().limit(4).forEach(r -> text.append(r).append('\n'));
        text.append("-A INPUT -i eth9 -j ACCEPT\nCOMMIT\n");
        Ruleset rs = DumpParser.parse("gen.rules", text.toString(), ParseOptions.DETECT);
        assertThat(rs.hasSyntaxErrors()).as(text.toString()).isFalse();

        Ip src = Ip.parseV4(pkt.get1()).orElseThrow();
        Ip dst = Ip.v4(10, 0, 0, 1);
        int proto = pkt.get2();
        int dport = pkt.get3();
        StaticHost host = StaticHost.builder().iface("eth1", "10.0.0.1/24").iface("eth9", "10.9.0.1/24").build();
        io.nflint.walk.Packet wp = proto == 6 ? io.nflint.walk.Packet.tcp(src, 40000, dst, dport)
                : io.nflint.walk.Packet.udp(src, 40000, dst, dport);
        WalkResult walked = new Walker(host, List.of(rs)).walk(WalkRequest.arriving("eth1", wp));
        boolean delivered = walked.outcomes().stream().anyMatch(o -> o.deliveredLocally());

        WitnessPacket sp = new WitnessPacket("eth1", null, proto, src, 40000, dst, dport, 0, 0, proto == 6 ? 2 : 0, "NEW", 0, 0);
        Emptiness member = engine.delivered(rs, PacketPath.LOCAL_IN, "eth1").contains(sp);
        assertThat(member).as("%s%npacket %s: walker %s", text, sp.describe(), walked.outcomes())
                .isEqualTo(delivered ? Emptiness.NONEMPTY : Emptiness.EMPTY);
    }
}
