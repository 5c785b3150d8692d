package io.nflint.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.pipeline.PacketPath;
import io.nflint.walk.Outcome;
import io.nflint.walk.StaticHost;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.Walker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both engines model what the kernel does with the first packet of a connection a conntrack helper
 * expects (RELATED, and it passes the nat table: nf_nat_inet_fn runs the table for any connection
 * without a NAT binding) and with {@code -m recent --set} (xt_recent returns !invert): the walker and
 * the symbolic engine give the same answer.
 */
class ConntrackHelperAndRecentAgreementTest extends WithEngine {

    private static final Ip SRC = Ip.v4(198, 51, 100, 7);
    private static final Ip DST = Ip.v4(10, 0, 0, 1);
    private static final StaticHost HOST = StaticHost.builder().iface("eth1", "10.0.0.1/24").build();

    /** FTP data redirected by a nat rule for RELATED packets only; INPUT accepts only port 22. */
    private static final String HELPER = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -p tcp -m tcp --dport 2121 -m state --state RELATED -j REDIRECT --to-ports 22
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;

    @Test
    void relatedFirstPacketsPassTheNatTableInBothEngines() {
        Ruleset rs = DumpParser.parse("helper.rules", HELPER, ParseOptions.DETECT);
        WalkRequest req = WalkRequest.arriving("eth1", io.nflint.walk.Packet.tcp(SRC, 40000, DST, 2121)).asRelated();
        WalkResult walked = new Walker(HOST, List.of(rs)).walk(req);
        assertThat(walked.outcomes()).hasSize(1);
        Outcome o = walked.outcomes().get(0);
        assertThat(o.deliveredLocally()).as(o.toString()).isTrue();
        assertThat(o.packet().dport()).isEqualTo(22);
        assertThat(o.notes()).anyMatch(n -> n.contains("conntrack helper"));

        WitnessPacket related = new WitnessPacket("eth1", null, 6, SRC, 40000, DST, 2121, 0, 0, 2, "RELATED", 0, 0);
        assertThat(engine.delivered(rs, PacketPath.LOCAL_IN, "eth1").contains(related)).isEqualTo(Emptiness.NONEMPTY);
        // an ESTABLISHED packet to 2121 does not pass nat in either engine and meets the INPUT policy
        WitnessPacket later = new WitnessPacket("eth1", null, 6, SRC, 40000, DST, 2121, 0, 0, 16, "ESTABLISHED", 0, 0);
        assertThat(engine.delivered(rs, PacketPath.LOCAL_IN, "eth1").contains(later)).isEqualTo(Emptiness.EMPTY);
        WalkResult walkedLater = new Walker(HOST, List.of(rs)).walk(
                WalkRequest.arriving("eth1", io.nflint.walk.Packet.tcp(SRC, 40000, DST, 2121)));
        assertThat(walkedLater.outcomes()).allMatch(x -> !x.deliveredLocally());
    }

    /** SSH brute-force guard: every new SSH connection is recorded, then dropped by a later rule. */
    private static final String RECENT = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -p tcp -m tcp --dport 22 -m recent --set --name SSH --rsource -j DROP
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;

    @Test
    void recentSetAlwaysMatchesInBothEngines() {
        Ruleset rs = DumpParser.parse("recent.rules", RECENT, ParseOptions.DETECT);
        WalkResult walked = new Walker(HOST, List.of(rs)).walk(
                WalkRequest.arriving("eth1", io.nflint.walk.Packet.tcp(SRC, 40000, DST, 22)));
        assertThat(walked.outcomes()).as("no fork on --set").hasSize(1);
        assertThat(walked.outcomes().get(0).deliveredLocally()).isFalse();
        WitnessPacket ssh = new WitnessPacket("eth1", null, 6, SRC, 40000, DST, 22, 0, 0, 2, "NEW", 0, 0);
        assertThat(engine.delivered(rs, PacketPath.LOCAL_IN, "eth1").contains(ssh)).isEqualTo(Emptiness.EMPTY);
    }
}
