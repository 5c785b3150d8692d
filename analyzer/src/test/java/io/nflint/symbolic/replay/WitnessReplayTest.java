package io.nflint.symbolic.replay;

import io.nflint.symbolic.WitnessPacket;
import io.nflint.symbolic.SemanticDiff;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay check on hand-written claims: a true claim replays, a wrong verdict or NAT result does not. */
class WitnessReplayTest {

    private static final String OLD = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
            -A POSTROUTING -s 10.0.0.0/8 -o eth0 -j MASQUERADE
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j ACCEPT
            -A FORWARD -s 10.0.0.0/8 -j ACCEPT
            COMMIT
            """;
    private static final String NEW = OLD.replace("-A FORWARD -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j ACCEPT\n", "");

    private static final Ip CLIENT = Ip.v4(198, 51, 100, 20);
    private static final Ip PUBLIC = Ip.v4(198, 51, 100, 10);
    private static final Ip CONTAINER = Ip.v4(172, 17, 0, 2);

    private static Ruleset parse(String name, String text) {
        return DumpParser.parse(name, text, ParseOptions.DETECT);
    }

    private static WitnessPacket tcp(String in, String out, Ip src, int sport, Ip dst, int dport) {
        return new WitnessPacket(in, out, 6, src, sport, dst, dport, 0, 0, 2, "NEW", 0, 0);
    }

    private static SemanticDiff.Outcome outcome(String verdict, WitnessPacket translated) {
        return new SemanticDiff.Outcome(verdict, translated, false, List.of(), List.of());
    }

    /** The host a model would choose for the published port: 198.51.100.10 is not local, 172.17.0.2 is behind docker0. */
    private static final HostChoices HOST = new HostChoices(Map.of(PUBLIC, false, CONTAINER, false),
            Map.of(CONTAINER, "docker0", PUBLIC, "eth1"), Map.of("eth0", Ip.v4(198, 51, 100, 1)));

    private static SemanticDiff.Replay replay(String entry, WitnessPacket witness, SemanticDiff.Outcome old, SemanticDiff.Outcome neu) {
        SemanticDiff.Difference d = new SemanticDiff.Difference(entry, witness, old, neu, false, List.of());
        return WitnessReplay.replay(parse("old.rules", OLD), parse("new.rules", NEW), d, HOST, false);
    }

    private final WitnessPacket witness = tcp("eth0", null, CLIENT, 40000, PUBLIC, 8080);
    private final WitnessPacket forwarded = tcp("eth0", "docker0", CLIENT, 40000, CONTAINER, 80);

    @Test
    void aTrueClaimReplaysWithBothConcreteTraces() {
        SemanticDiff.Replay r = replay("routed", witness, outcome("ACCEPT", forwarded), outcome("DROP", forwarded));
        assertThat(r.status()).as("%s", r).isEqualTo(SemanticDiff.Replay.Status.CONFIRMED);
        assertThat(r.notes()).isEmpty();
        assertThat(r.oldTrace()).containsExactly("nat:PREROUTING:rule:1 (line 6) DNAT 172.17.0.2:80",
                "filter:FORWARD:rule:1 (line 13) ACCEPT", "nat:POSTROUTING:policy:2 (line 5) ACCEPT");
        assertThat(r.newTrace()).containsExactly("nat:PREROUTING:rule:1 (line 6) DNAT 172.17.0.2:80",
                "filter:FORWARD:policy:2 (line 11) DROP");
    }

    @Test
    void aWrongVerdictIsCaught() {
        SemanticDiff.Replay r = replay("routed", witness, outcome("ACCEPT", forwarded), outcome("REJECT", forwarded));
        assertThat(r.status()).isEqualTo(SemanticDiff.Replay.Status.DID_NOT_REPLAY);
        assertThat(r.notes().get(0)).startsWith("witness did not replay").contains("172.17.0.2 routes out of docker0");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("new: claimed REJECT, the walker says drop"));
        assertThat(r.notes()).noneMatch(n -> n.startsWith("old:"));
        // the trace shown is the walker's, for the reader to see where the claim went wrong
        assertThat(r.newTrace()).last().asString().startsWith("filter:FORWARD:policy:2");
    }

    @Test
    void aWrongNatResultIsCaught() {
        WitnessPacket wrongDnat = tcp("eth0", "docker0", CLIENT, 40000, Ip.v4(172, 17, 0, 3), 80);
        SemanticDiff.Replay r = replay("routed", witness, outcome("ACCEPT", wrongDnat), outcome("DROP", forwarded));
        assertThat(r.status()).isEqualTo(SemanticDiff.Replay.Status.DID_NOT_REPLAY);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("old: claimed ACCEPT as tcp 198.51.100.20:40000 -> 172.17.0.3:80")
                && n.contains("the walker says accept: delivered to docker0 as tcp 198.51.100.20:40000 -> 172.17.0.2:80"));
    }

    @Test
    void aWrongOutInterfaceOrLocalityIsCaught() {
        WitnessPacket local = tcp("eth0", null, CLIENT, 40000, CONTAINER, 80);
        SemanticDiff.Replay r = replay("routed", witness, outcome("ACCEPT", local), outcome("DROP", forwarded));
        assertThat(r.status()).isEqualTo(SemanticDiff.Replay.Status.DID_NOT_REPLAY);
    }

    @Test
    void masqueradeUsesTheAddressTheModelGaveTheInterface() {
        WitnessPacket out = tcp("eth9", null, Ip.v4(10, 1, 2, 3), 40000, Ip.v4(203, 0, 113, 5), 443);
        HostChoices host = new HostChoices(Map.of(), Map.of(Ip.v4(203, 0, 113, 5), "eth0"), Map.of("eth0", Ip.v4(198, 51, 100, 1)));
        WitnessPacket masqueraded = tcp("eth9", "eth0", Ip.v4(198, 51, 100, 1), 40000, Ip.v4(203, 0, 113, 5), 443);
        SemanticDiff.Difference d = new SemanticDiff.Difference("routed", out, outcome("ACCEPT", masqueraded),
                outcome("DROP", masqueraded), false, List.of());
        String dropAll = OLD.replace("-A FORWARD -s 10.0.0.0/8 -j ACCEPT\n", "");
        SemanticDiff.Replay r = WitnessReplay.replay(parse("old.rules", OLD), parse("new.rules", dropAll), d, host, false);
        assertThat(r.status()).as("%s", r).isEqualTo(SemanticDiff.Replay.Status.CONFIRMED);
        assertThat(r.oldTrace()).contains("nat:POSTROUTING:rule:1 (line 7) MASQUERADE");
    }

    @Test
    void laterPacketsOfAConnectionAreNotReplayedAndSaySo() {
        WitnessPacket established = new WitnessPacket("eth0", null, 6, CLIENT, 40000, PUBLIC, 8080, 0, 0, 16, "ESTABLISHED", 0, 0);
        SemanticDiff.Replay r = replay("routed", established, outcome("ACCEPT", forwarded), outcome("DROP", forwarded));
        assertThat(r.status()).isEqualTo(SemanticDiff.Replay.Status.NOT_REPLAYED);
        assertThat(r.notes()).singleElement().asString().contains("ESTABLISHED");
    }
}
