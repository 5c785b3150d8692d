package io.nflint.symbolic;

import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden diffs: other spellings and orders of the same policy are equivalent; one changed rule gives an exact witness. */
class SemanticDiffTest extends WithEngine {


    private static final String BASE = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
            -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
            COMMIT
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
            -A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
            -A INPUT -s 10.0.0.0/8 -p udp -m udp --dport 53 -j ACCEPT
            -A FORWARD -d 172.17.0.2/32 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
            -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
            COMMIT
            """;

    static Ruleset parse(String name, String text) {
        return DumpParser.parse(name, text, ParseOptions.DETECT);
    }

    @Test
    void identicalRuleSetsAreEquivalent() {
        assertThat(engine.diff(parse("a", BASE), parse("b", BASE), 3).equivalent()).isTrue();
    }

    @Test
    void multiportAndReorderedDisjointRulesAreEquivalent() {
        String other = BASE.replace("""
                -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                -A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
                -A INPUT -s 10.0.0.0/8 -p udp -m udp --dport 53 -j ACCEPT
                """, """
                -A INPUT -s 10.0.0.0/8 -p udp -m udp --dport 53 -j ACCEPT
                -A INPUT -p tcp -m multiport --dports 80,22 -j ACCEPT
                """).replace("""
                -A FORWARD -d 172.17.0.2/32 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
                -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
                """, """
                -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
                -A FORWARD -d 172.17.0.2/32 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
                """);
        assertThat(other).isNotEqualTo(BASE);
        SemanticDiff d = engine.diff(parse("a", BASE), parse("b", other), 3);
        assertThat(d.differences()).isEmpty();
    }

    @Test
    void oneChangedPortGivesAnExactWitness() {
        String other = BASE.replace("--dport 22 -j ACCEPT", "--dport 2222 -j ACCEPT");
        SemanticDiff d = engine.diff(parse("a", BASE), parse("b", other), 4);
        assertThat(d.differences()).isNotEmpty();
        for (SemanticDiff.Difference x : d.differences()) {
            assertThat(x.entry()).isEqualTo("local-in");
            assertThat(x.witness().proto()).isEqualTo(6);
            assertThat(x.witness().dport()).isIn(22, 2222);
            assertThat(x.oldOutcome().verdict()).isEqualTo(x.witness().dport() == 22 ? "ACCEPT" : "DROP");
            assertThat(x.newOutcome().verdict()).isEqualTo(x.witness().dport() == 22 ? "DROP" : "ACCEPT");
            assertThat(x.mayOnly()).isFalse();
            assertThat(x.confirmed()).as("%s", x.replay()).isTrue();
        }
    }

    @Test
    void changedDnatTargetIsANatDifferenceWithBothTraces() {
        String other = BASE.replace("172.17.0.2:80", "172.17.0.3:80");
        SemanticDiff d = engine.diff(parse("a", BASE), parse("b", other), 2);
        assertThat(d.differences()).isNotEmpty();
        SemanticDiff.Difference x = d.differences().get(0);
        assertThat(x.witness().dport()).isEqualTo(8080);
        assertThat(x.witness().inIface()).isEqualTo("eth0");
        assertThat(x.oldOutcome().trace()).contains("nat:PREROUTING:rule:1");
        assertThat(x.newOutcome().trace()).contains("nat:PREROUTING:rule:1");
        // old forwards to .2, new DNATs to .3, which FORWARD drops
        assertThat(x.oldOutcome().verdict()).isEqualTo("ACCEPT");
        assertThat(x.oldOutcome().translated().dst().toString()).isEqualTo("172.17.0.2");
        assertThat(x.newOutcome().verdict()).isEqualTo("DROP");
        // the walker, on the host the solver assumed, agrees and names the rule lines
        assertThat(x.confirmed()).as("%s", x.replay()).isTrue();
        assertThat(x.replay().oldTrace()).contains("nat:PREROUTING:rule:1 (line 6) DNAT 172.17.0.2:80");
        assertThat(x.replay().newTrace()).contains("nat:PREROUTING:rule:1 (line 6) DNAT 172.17.0.3:80");
        assertThat(x.replay().newTrace()).last().asString().startsWith("filter:FORWARD:policy:3");
    }

    @Test
    void witnessesThroughNatRangesPickWhatTheWalkerPicksAndReplay() {
        // packets sent to the pods directly are dropped on both sides: only DNAT reaches them, so
        // every witness goes through the NAT range, whichever ones the solver offers first
        String a = """
                *mangle
                :PREROUTING ACCEPT [0:0]
                -A PREROUTING -d 10.244.0.0/24 -j DROP
                COMMIT
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.244.0.1-10.244.0.9:8000-8999
                COMMIT
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                COMMIT
                """;
        String b = a.replace(":FORWARD ACCEPT [0:0]\n", ":FORWARD ACCEPT [0:0]\n-A FORWARD -d 10.244.0.0/24 -j DROP\n");
        SemanticDiff d = engine.diff(parse("a", a), parse("b", b), 3);
        assertThat(d.differences()).isNotEmpty();
        for (SemanticDiff.Difference x : d.differences()) {
            assertThat(x.confirmed()).as("%s", x).isTrue();
        }
        SemanticDiff.Difference dnat = d.differences().stream().filter(x -> x.witness().dport() == 8080).findFirst().orElseThrow();
        // the kernel's hash of the witness's addresses picks from the range; confirmed: the walker picks the same
        io.nflint.ir.Ip picked = dnat.oldOutcome().translated().dst();
        assertThat(picked.v4Value()).isBetween(io.nflint.ir.Ip.v4(10, 244, 0, 1).v4Value(), io.nflint.ir.Ip.v4(10, 244, 0, 9).v4Value());
        // 8080 lies in the port range: NAT keeps it
        assertThat(dnat.oldOutcome().translated().dport()).isEqualTo(8080);
    }

    @Test
    void randomLoadBalancingChangeIsAMayDifference() {
        String a = """
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A PREROUTING -d 10.96.0.1/32 -p tcp -m tcp --dport 80 -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.244.0.1:8080
                -A PREROUTING -d 10.96.0.1/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.0.2:8080
                COMMIT
                """;
        String b = a.replace("10.244.0.2:8080", "10.244.0.3:8080");
        SemanticDiff d = engine.diff(parse("a", a), parse("b", b), 1);
        assertThat(d.differences()).hasSize(1);
        assertThat(d.differences().get(0).mayOnly()).isTrue();
        assertThat(d.differences().get(0).dependsOn()).anyMatch(s -> s.contains("statistic"));
        // the walker forks on the statistic match; one of its outcomes is each side's claim
        assertThat(d.differences().get(0).confirmed()).as("%s", d.differences().get(0).replay()).isTrue();
    }
}
