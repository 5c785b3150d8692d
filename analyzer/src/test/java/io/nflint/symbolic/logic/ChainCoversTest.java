package io.nflint.symbolic.logic;

import io.nflint.symbolic.slice.Box;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The solver-free proofs: an earlier rule of the chain that takes all of a rule's packets and ends
 * the chain for them (shadowed), a later one that decides them the same way (redundant); and the
 * cases where no such proof holds, which must be left to the solver.
 */
class ChainCoversTest {

    private static Ruleset parse(String rules) {
        return DumpParser.parse("test.rules", "*filter\n:INPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n" + rules + "COMMIT\n",
                ParseOptions.DETECT);
    }

    /** The lines of the proof that line {@code line}'s rule is shadowed, or null. */
    private static List<Integer> cover(String rules, int line) {
        Ruleset rs = parse(rules);
        Rule r = rule(rs, line);
        List<Rule> proof = new ChainCovers(rs, io.nflint.lower.LoweredRuleset.of(rs)).cover(r, Box.of(io.nflint.lower.LoweredRule.of(r)));
        return proof == null ? null : proof.stream().map(x -> x.span().line()).toList();
    }

    private static Integer sameLater(String rules, int line) {
        Ruleset rs = parse(rules);
        Rule r = rule(rs, line);
        Rule d = new ChainCovers(rs, io.nflint.lower.LoweredRuleset.of(rs)).sameLater(r, Box.of(io.nflint.lower.LoweredRule.of(r)));
        return d == null ? null : d.span().line();
    }

    private static Rule rule(Ruleset rs, int line) {
        return rs.rules().stream().filter(x -> x.span().line() == line).findFirst().orElseThrow();
    }

    @Test
    void aBroaderEarlierVerdictCovers() {
        // lines 5 and 6: the first rule (line 5) of two that cover is named
        String rules = """
                -A INPUT -s 10.0.0.0/8 -p tcp -j DROP
                -A INPUT -s 10.1.0.0/16 -j ACCEPT
                -A INPUT -s 10.1.2.3 -p tcp -m tcp --dport 22 -j ACCEPT
                """;
        assertThat(cover(rules, 7)).containsExactly(5);
        assertThat(cover(rules, 6)).isNull();
    }

    @Test
    void identicalStateMatchesCoverWhenNothingChangesTheState() {
        String rules = """
                -A INPUT -p tcp -m state --state NEW -m tcp --dport 1:65535 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
                -A INPUT -s 10.0.0.1 -p tcp -m state --state NEW -m tcp --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
                -A INPUT -s 10.0.0.1 -p tcp -m state --state ESTABLISHED -m tcp --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
                -A INPUT -s 10.0.0.1 -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT
                """;
        assertThat(cover(rules, 6)).containsExactly(5);
        assertThat(cover(rules, 7)).as("other state").isNull();
        assertThat(cover(rules, 8)).as("no --tcp-flags: also packets without SYN").isNull();
    }

    @Test
    void aMarkMatchOnlyCoversWhileNoRuleOfTheTableSetsMarks() {
        String same = """
                -A INPUT -m mark --mark 0x1 -j DROP
                -A INPUT -p tcp -m mark --mark 0x1 -j ACCEPT
                """;
        assertThat(cover(same, 6)).containsExactly(5);
        assertThat(cover(same + "-A B -j MARK --set-xmark 0x1/0xffffffff\n", 6)).isNull();
    }

    @Test
    void anUnknownMatchNeverCovers() {
        String rules = """
                -A INPUT -s 10.0.0.1 -m mac --mac-source 00:11:22:33:44:55 -j RETURN
                -A INPUT -s 10.0.0.1 -m mac --mac-source 00:11:22:33:44:55 -j DROP
                -A INPUT -s 10.0.0.0/8 -m limit --limit 1/s -j DROP
                -A INPUT -s 10.0.0.1 -j DROP
                """;
        assertThat(cover(rules, 6)).isNull();
        assertThat(cover(rules, 8)).isNull();
    }

    @Test
    void aPortMatchDoesNotCoverARuleThatAlsoTakesFragments() {
        String rules = """
                -A INPUT -p tcp -m tcp --dport 0:65535 -j DROP
                -A INPUT -p tcp -j ACCEPT
                -A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
                """;
        assertThat(cover(rules, 6)).isNull();
        assertThat(cover(rules, 7)).containsExactly(5);
    }

    @Test
    void negatedAndInterfaceMatches() {
        String rules = """
                -A INPUT -i eth+ ! -s 10.0.0.0/8 -j DROP
                -A INPUT -i eth0 ! -s 10.0.0.0/8 -p udp -j ACCEPT
                -A INPUT -i eth0 -p udp -j ACCEPT
                -A INPUT -i wlan0 ! -s 10.0.0.0/8 -j ACCEPT
                """;
        assertThat(cover(rules, 6)).containsExactly(5);
        assertThat(cover(rules, 7)).as("the negation is not in the rule").isNull();
        assertThat(cover(rules, 8)).as("another interface").isNull();
    }

    @Test
    void aJumpCoversWhenItsChainDecidesEveryPacket() {
        String rules = """
                -A INPUT -p tcp -j A
                -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                -A A -j LOG
                -A A -s 10.0.0.0/8 -j B
                -A A -p tcp -j DROP
                """;
        assertThat(cover(rules, 6)).containsExactly(5, 9);
        String returns = rules.replace("-A A -j LOG", "-A A -s 10.9.0.0/16 -j RETURN");
        assertThat(cover(returns, 6)).as("some packets return").isNull();
        String gotoBack = rules.replace("-A A -s 10.0.0.0/8 -j B", "-A A -s 10.0.0.0/8 -g B");
        assertThat(cover(gotoBack, 6)).as("a goto's packets fall off B back to INPUT").isNull();
        String inner = rules.replace("-A A -p tcp -j DROP", "-A A -p tcp -j B\n-A B -j REJECT");
        assertThat(cover(inner, 6)).as("decided two calls down").containsExactly(5, 9, 10);
    }

    @Test
    void aGotoOrReturnEndsTheChainWhateverTheCalleeDoes() {
        assertThat(cover("-A A -p tcp -g B\n-A A -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -j A\n", 6)).containsExactly(5);
        assertThat(cover("-A A -p tcp -j RETURN\n-A A -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -j A\n", 6)).containsExactly(5);
        assertThat(cover("-A A -p tcp -j B\n-A A -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -j A\n", 6))
                .as("B is empty: everything comes back").isNull();
    }

    @Test
    void aLaterRuleWithTheSameVerdictMakesARuleRedundant() {
        String rules = """
                -A INPUT -s 10.0.0.1 -p tcp -m tcp --dport 22 -j ACCEPT
                -A INPUT -j LOG
                -A INPUT -s 10.0.0.0/24 -p udp -j ACCEPT
                -A INPUT -s 10.0.0.0/8 -p tcp -j ACCEPT
                """;
        assertThat(sameLater(rules, 5)).isEqualTo(8);
        assertThat(sameLater(rules.replace("-p udp -j ACCEPT", "-p tcp -j DROP"), 5)).as("a DROP in between").isNull();
        assertThat(sameLater(rules.replace("-p udp -j ACCEPT", "-p udp -j A"), 5)).isEqualTo(8);
        assertThat(sameLater(rules.replace("-p udp -j ACCEPT", "-j A"), 5)).as("a call in between").isNull();
        assertThat(sameLater(rules.replace("-s 10.0.0.0/8 -p tcp -j ACCEPT", "-s 10.0.0.0/8 -p tcp -j DROP"), 5)).isNull();
        assertThat(sameLater("-A INPUT -p tcp -j REJECT --reject-with tcp-reset\n-A INPUT -j REJECT\n", 5))
                .as("another answer").isNull();
    }

    @Test
    void aLongerPortListContainsAShorterOne() {
        // the boxes only keep each list's hull: [22, 53] lies in [22, 8443] either way
        String rules = """
                -A INPUT -d 10.0.0.1 -p tcp -m multiport --dports 22,53 -j ACCEPT
                -A INPUT -d 10.0.0.2 -p tcp -m tcp --dport 80:81 -j ACCEPT
                -A INPUT -p tcp -m multiport --dports 22,25,53,80:81,443,8443 -j ACCEPT
                -A INPUT -d 10.0.0.3 -p tcp -m multiport --dports 53,22 -j DROP
                -A INPUT -d 10.0.0.1 -p tcp -m multiport --dports 22,54 -j DROP
                -A INPUT -d 10.0.0.1 -p tcp -m multiport --dports 23:25 -j DROP
                -A INPUT -d 10.0.0.2 -p tcp -m tcp --dport 80:82 -j DROP
                -A INPUT -d 10.0.0.1 -p tcp -m multiport --sports 22,53 -j DROP
                """;
        assertThat(sameLater(rules, 5)).isEqualTo(7);
        assertThat(sameLater(rules, 6)).as("a --dport range inside the list").isEqualTo(7);
        assertThat(cover(rules, 8)).containsExactly(7);
        assertThat(cover(rules, 9)).as("54 is not in the list").isNull();
        assertThat(cover(rules, 10)).as("23 and 24 are not in the list").isNull();
        assertThat(cover(rules, 11)).as("82 is not in the list").isNull();
        assertThat(cover(rules, 12)).as("source ports are not destination ports").isNull();
        assertThat(cover(rules.replace("--dports 22,25,53", "! --dports 22,25,53"), 8)).as("negated list").isNull();
        assertThat(cover("-A INPUT -p tcp -m multiport --dports 22,53 -j ACCEPT\n"
                + "-A INPUT -p tcp -m tcp --dport 22:53 -m multiport ! --dports 22,53 -j DROP\n", 6))
                .as("a negated list of the rule bounds nothing").isNull();
    }
}
