package io.nflint.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.pipeline.PacketPath;
import io.nflint.walk.StaticHost;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.Walker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code -m dccp}, the module the lowering's worked example added: its ports are one lowering both
 * engines read, so on INPUT rule sets of dccp (and tcp) port rules the walker and the symbolic engine
 * give the same firm answer for DCCP and TCP packets, where both used to say "may" (module not modelled).
 */
class DccpAgreementTest extends WithEngine {

    private static final int DCCP = 33;
    private static final String[] MATCHES = {"-p dccp -m dccp --dport 5004", "-p dccp -m dccp ! --dport 5004",
        "-p dccp -m dccp --sport 1024:65535 --dport 5000:5010", "-p dccp --dport 80", "-p dccp -m dccp ! --sport 40000",
        "-p dccp -m multiport --dports 80,5004", "-p tcp -m tcp --dport 5004", "-s 10.1.0.0/16 -p dccp -m dccp --dport 80"};
    private static final String[] TARGETS = {"-j ACCEPT", "-j DROP", "-j REJECT"};

    /** Every match with every target alone, and each after the next one, under both policies. */
    @Test
    void bothEnginesGiveTheSameFirmAnswer() {
        int rulesets = 0;
        for (int i = 0; i < MATCHES.length; i++) {
            for (int t = 0; t < TARGETS.length; t++) {
                String one = "-A INPUT " + MATCHES[i] + " " + TARGETS[t] + "\n";
                String two = "-A INPUT " + MATCHES[(i + 1) % MATCHES.length] + " " + TARGETS[(t + 1) % TARGETS.length] + "\n";
                for (boolean dropPolicy : new boolean[] {false, true}) {
                    agree(one, dropPolicy);
                    agree(two + one, dropPolicy);
                    rulesets += 2;
                }
            }
        }
        assertThat(rulesets).isEqualTo(96);
    }

    private static void agree(String rules, boolean dropPolicy) {
        String text = "*filter\n:INPUT " + (dropPolicy ? "DROP" : "ACCEPT") + " [0:0]\n:FORWARD DROP [0:0]\n"
                + ":OUTPUT ACCEPT [0:0]\n" + rules + "COMMIT\n";
        Ruleset rs = DumpParser.parse("dccp.rules", text, ParseOptions.DETECT);
        assertThat(rs.hasSyntaxErrors()).as(text).isFalse();
        StaticHost host = StaticHost.builder().iface("eth1", "10.0.0.1/24").build();
        Ip dst = Ip.v4(10, 0, 0, 1);
        for (String s : List.of("10.1.2.3", "192.168.1.1")) {
            Ip src = Ip.parseV4(s).orElseThrow();
            for (int proto : new int[] {DCCP, 6}) {
                for (int sport : new int[] {40000, 1000}) {
                    for (int dport : new int[] {80, 5004, 5007, 5011}) {
                        io.nflint.walk.Packet wp = proto == 6 ? io.nflint.walk.Packet.tcp(src, sport, dst, dport) : dccp(src, sport, dst, dport);
                        WalkResult walked = new Walker(host, List.of(rs)).walk(WalkRequest.arriving("eth1", wp));
                        // a firm answer: the walk did not fork on a match it could not decide
                        assertThat(walked.outcomes()).as(text).hasSize(1);
                        boolean delivered = walked.outcomes().get(0).deliveredLocally();
                        WitnessPacket sp = new WitnessPacket("eth1", null, proto, src, sport, dst, dport, 0, 0, proto == 6 ? 2 : 0, "NEW", 0, 0);
                        Emptiness member = engine.delivered(rs, PacketPath.LOCAL_IN, "eth1").contains(sp);
                        assertThat(member).as("%s%npacket %s: walker %s", text, sp.describe(), walked.outcomes())
                                .isEqualTo(delivered ? Emptiness.NONEMPTY : Emptiness.EMPTY);
                    }
                }
            }
        }
    }

    private static io.nflint.walk.Packet dccp(Ip src, int sport, Ip dst, int dport) {
        return new io.nflint.walk.Packet(io.nflint.ir.Family.IPV4, DCCP, src, sport, dst, dport, -1, -1, 0,
                null, null, 0, 0, null, null, null, null, null);
    }

    @Test
    void dccpTypesAndOptionsStayMay() {
        Ruleset rs = DumpParser.parse("dccp.rules", "*filter\n:INPUT ACCEPT [0:0]\n"
                + "-A INPUT -p dccp -m dccp --dport 5004 --dccp-types REQUEST -j DROP\nCOMMIT\n", ParseOptions.DETECT);
        StaticHost host = StaticHost.builder().iface("eth1", "10.0.0.1/24").build();
        io.nflint.walk.Packet wp = dccp(Ip.v4(10, 1, 2, 3), 40000, Ip.v4(10, 0, 0, 1), 5004);
        WalkResult walked = new Walker(host, List.of(rs)).walk(WalkRequest.arriving("eth1", wp));
        assertThat(walked.outcomes()).hasSize(2);
        assertThat(walked.outcomes().toString()).contains("dccp [--dccp-types REQUEST] is not modelled");
    }
}
