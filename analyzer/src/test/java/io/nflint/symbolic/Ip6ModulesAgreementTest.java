package io.nflint.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Family;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.pipeline.PacketPath;
import io.nflint.walk.Packet;
import io.nflint.walk.StaticHost;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.Walker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hl, frag, rt, ipv6header and --ctdir in both engines. The walker decides them firmly for its probe
 * (hop limit 64, no extension headers, the first packet ORIGINAL); the symbolic engine, which reasons
 * about every packet and has no term for the hop limit or the extension headers, keeps those "may".
 * Its answer must still cover the walker's: a packet the walker delivers is in the symbolic delivered
 * set; where the rule does not apply, and for {@code --ctdir} (which it encodes), both are equal.
 */
class Ip6ModulesAgreementTest extends WithEngine {

    private static final String[] MATCHES = {"-m hl --hl-eq 64", "-m hl --hl-lt 64", "-m hl ! --hl-eq 64", "-m frag",
        "-m frag --fragfirst", "-m rt --rt-type 0", "-m rt ! --rt-segsleft 0", "-m ipv6header --header protocol",
        "-m ipv6header --header ipv6-frag --soft", "-m ipv6header ! --header ipv6-frag --soft",
        "-m conntrack --ctdir ORIGINAL", "-m conntrack --ctdir REPLY", "-m conntrack --ctstate NEW --ctdir REPLY"};

    @Test
    void theSymbolicAnswerCoversTheWalkersFirmOne() {
        int checked = 0;
        for (String m : MATCHES) {
            for (String target : new String[] {"-j DROP", "-j ACCEPT"}) {
                for (boolean dropPolicy : new boolean[] {false, true}) {
                    checked += agree("-A INPUT -p tcp -m tcp --dport 22 " + m + " " + target + "\n", dropPolicy);
                }
            }
        }
        // port 80 in all 52 rule sets, port 22 wherever the walker delivers it
        assertThat(checked).isGreaterThan(MATCHES.length * 4);
    }

    private static int agree(String rules, boolean dropPolicy) {
        String text = "*filter\n:INPUT " + (dropPolicy ? "DROP" : "ACCEPT") + " [0:0]\n:FORWARD DROP [0:0]\n"
                + ":OUTPUT ACCEPT [0:0]\n" + rules + "COMMIT\n";
        Ruleset rs = DumpParser.parse("ip6.rules", text, ParseOptions.DETECT.withFamily(Family.IPV6));
        assertThat(rs.hasSyntaxErrors()).as(text).isFalse();
        // neighbour discovery is not what this test is about: the neighbour is beyond a router
        StaticHost host = StaticHost.builder().iface("eth1", "2001:db8:1::1/64")
                .route("2001:db8:99::/48", "2001:db8:1::fe", "eth1").build();
        Ip dst = Ip.parse("2001:db8:1::1").orElseThrow();
        Ip src = Ip.parse("2001:db8:99::7").orElseThrow();
        int n = 0;
        for (int dport : new int[] {22, 80}) {
            WalkResult walked = new Walker(host, List.of(rs)).walk(WalkRequest.arriving("eth1", Packet.tcp(src, 40000, dst, dport)));
            assertThat(walked.outcomes()).as(text).hasSize(1);
            boolean delivered = walked.outcomes().get(0).deliveredLocally();
            WitnessPacket sp = new WitnessPacket("eth1", null, 6, src, 40000, dst, dport, 0, 0, 2, "NEW", 0, 0);
            Emptiness member = engine.delivered(rs, PacketPath.LOCAL_IN, "eth1").contains(sp);
            // a packet the walker drops may still be in the symbolic set: it stands for every hop limit,
            // header chain and direction, of which the walker's probe is one
            // --ctdir has a term (the direction, ORIGINAL for every NEW packet): there both engines are firm
            if (delivered || dport == 80 || rules.contains("--ctdir")) {
                assertThat(member).as("%s%nport %d: walker %s", text, dport, walked.outcomes()).isEqualTo(
                        delivered ? Emptiness.NONEMPTY : Emptiness.EMPTY);
                n++;
            }
        }
        return n;
    }
}
