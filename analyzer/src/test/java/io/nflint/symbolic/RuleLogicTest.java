package io.nflint.symbolic;

import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleLogicTest extends WithEngine {


    static Ruleset parse(String text) {
        return DumpParser.parse("test.rules", text, ParseOptions.DETECT);
    }

    static List<Integer> shadowedLines(RuleLogicReport r) {
        return r.shadowed().stream().map(s -> s.rule().span().line()).toList();
    }

    @Test
    void unionOfTwoEarlierRulesShadowsABroaderOne() {
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -s 10.0.0.0/9 -j DROP
                -A INPUT -s 10.128.0.0/9 -j DROP
                -A INPUT -s 10.0.0.0/8 -j ACCEPT
                -A INPUT -s 192.168.0.0/16 -j ACCEPT
                COMMIT
                """));
        assertThat(shadowedLines(r)).containsExactly(5);
        assertThat(r.shadowed().get(0).covering()).extracting(x -> x.span().line()).containsExactly(3, 4);
        assertThat(r.shadowed().get(0).differing()).hasSize(2);
    }

    @Test
    void shadowingThroughAUserChainAndGoto() {
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :INPUT ACCEPT [0:0]
                :TCP - [0:0]
                -A INPUT -p tcp -g TCP
                -A INPUT -p tcp --dport 22 -j ACCEPT
                -A INPUT -p udp -j ACCEPT
                -A TCP -j DROP
                COMMIT
                """));
        assertThat(shadowedLines(r)).containsExactly(5);
    }

    @Test
    void aJumpIntoAChainThatDropsCoversWithTheDropInside() {
        // the jump decides every tcp packet: the plain walk stops before line 5, the explanation must not
        for (String jump : List.of("-A INPUT -p tcp -j LOGDROP", "-A INPUT -j LOGDROP")) {
            RuleLogicReport r = engine.ruleLogic(parse("""
                    *filter
                    :INPUT ACCEPT [0:0]
                    :LOGDROP - [0:0]
                    %s
                    -A INPUT -p tcp --dport 22 -j ACCEPT
                    -A LOGDROP -j LOG --log-prefix "drop "
                    -A LOGDROP -j DROP
                    COMMIT
                    """.formatted(jump)));
            assertThat(shadowedLines(r)).as(jump).containsExactly(5);
            RuleLogicReport.Shadowed s = r.shadowed().get(0);
            assertThat(s.covering()).as(jump).extracting(x -> x.span().line()).containsExactly(4);
            assertThat(s.inside(s.covering().get(0))).as(jump).extracting(x -> x.span().line()).containsExactly(7);
            assertThat(s.deciders(s.covering().get(0))).as(jump).extracting(x -> x.span().line()).containsExactly(7);
            assertThat(s.differing()).as(jump).containsExactlyElementsOf(s.covering());
        }
    }

    @Test
    void aJumpThatAcceptsTheSamePacketsDoesNotDiffer() {
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :INPUT DROP [0:0]
                :WEB - [0:0]
                -A INPUT -p tcp -j WEB
                -A INPUT -p tcp --dport 443 -j ACCEPT
                -A WEB -p tcp --dport 80 -j ACCEPT
                -A WEB -p tcp --dport 443 -j ACCEPT
                COMMIT
                """));
        assertThat(shadowedLines(r)).containsExactly(5);
        RuleLogicReport.Shadowed s = r.shadowed().get(0);
        assertThat(s.covering()).extracting(x -> x.span().line()).containsExactly(4);
        assertThat(s.inside(s.covering().get(0))).extracting(x -> x.span().line()).containsExactly(7);
        assertThat(s.differing()).isEmpty();
    }

    @Test
    void coverInTheCallerIsNamedNotTheJump() {
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :INPUT DROP [0:0]
                :ADMIN - [0:0]
                -A INPUT -p tcp --dport 23 -j DROP
                -A INPUT -s 10.0.0.0/8 -p tcp -j ADMIN
                -A ADMIN -p tcp --dport 22 -j ACCEPT
                -A ADMIN -p tcp --dport 23 -j ACCEPT
                COMMIT
                """));
        assertThat(shadowedLines(r)).containsExactly(7);
        assertThat(r.shadowed().get(0).covering()).extracting(x -> x.span().line()).containsExactly(4);
        assertThat(r.shadowed().get(0).inside()).isEmpty();
    }

    @Test
    void aMarkSetInAMangleUserChainIsFiledUnderItsJump() {
        RuleLogicReport r = engine.ruleLogic(parse("""
                *mangle
                :PREROUTING ACCEPT [0:0]
                :MARKS - [0:0]
                -A PREROUTING -j MARKS
                -A MARKS -s 192.0.2.0/24 -j MARK --set-xmark 0x66/0xffffffff
                COMMIT
                *filter
                :INPUT ACCEPT [0:0]
                :A - [0:0]
                :B - [0:0]
                -A INPUT -m mark --mark 0x66 -j DROP
                -A INPUT -s 192.0.2.10/32 -p tcp -j ACCEPT
                -A INPUT -p tcp -j A
                -A INPUT -p tcp --dport 80 -j ACCEPT
                -A A -p tcp -j B
                -A B -j DROP
                COMMIT
                """));
        assertThat(shadowedLines(r)).containsExactly(12, 14);
        RuleLogicReport.Shadowed marked = r.shadowed().get(0);
        assertThat(marked.covering()).extracting(x -> x.span().line()).containsExactly(4, 11);
        assertThat(marked.setsState(marked.covering().get(0))).isTrue();
        assertThat(marked.inside(marked.covering().get(0))).extracting(x -> x.span().line()).containsExactly(5);
        assertThat(marked.differing()).extracting(x -> x.span().line()).containsExactly(11);
        // two chains down: the jump in INPUT is named, with the jump to B and the DROP inside
        RuleLogicReport.Shadowed nested = r.shadowed().get(1);
        assertThat(nested.covering()).extracting(x -> x.span().line()).containsExactly(13);
        assertThat(nested.inside(nested.covering().get(0))).extracting(x -> x.span().line()).containsExactly(15, 16);
        assertThat(nested.deciders(nested.covering().get(0))).extracting(x -> x.span().line()).containsExactly(16);
    }

    @Test
    void returnFromAUserChainKeepsLaterRulesReachable() {
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :INPUT DROP [0:0]
                :C - [0:0]
                -A INPUT -p tcp -j C
                -A INPUT -p tcp --dport 22 -j ACCEPT
                -A C -p tcp --dport 22 -j RETURN
                -A C -j DROP
                COMMIT
                """));
        assertThat(shadowedLines(r)).isEmpty();
    }

    @Test
    void markSetInMangleShadowsFilterRule() {
        RuleLogicReport r = engine.ruleLogic(parse("""
                *mangle
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                -A PREROUTING -i eth0 -j MARK --set-xmark 0x1/0xffffffff
                COMMIT
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                -A FORWARD -i eth0 -m mark --mark 0x2 -j DROP
                -A FORWARD -i eth1 -m mark --mark 0x2 -j DROP
                COMMIT
                """));
        assertThat(shadowedLines(r)).containsExactly(12);
        assertThat(r.shadowed().get(0).covering()).extracting(x -> x.span().line()).containsExactly(7);
    }

    @Test
    void unreachableChainAndRedundantRule() {
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :INPUT ACCEPT [0:0]
                :DEAD - [0:0]
                -A INPUT -j DROP
                -A INPUT -p tcp -j DEAD
                -A DEAD -j ACCEPT
                COMMIT
                """));
        assertThat(r.unreachableChains()).extracting(RuleLogicReport.UnreachableChain::chain).containsExactly("DEAD");
        assertThat(shadowedLines(r)).containsExactly(5);
        RuleLogicReport red = engine.ruleLogic(parse("""
                *filter
                :INPUT DROP [0:0]
                -A INPUT -s 10.1.0.0/16 -p tcp --dport 22 -j ACCEPT
                -A INPUT -p tcp --dport 23 -j DROP
                -A INPUT -s 10.0.0.0/8 -j ACCEPT
                -A INPUT -s 192.168.0.0/16 -j DROP
                COMMIT
                """));
        // line 3: line 5 accepts all of it; line 6 only repeats the policy, which is not reported
        assertThat(red.redundant()).extracting(x -> x.rule().span().line()).containsExactly(3);
        assertThat(red.shadowed()).isEmpty();
    }

    @Test
    void unknownMatchNeverMakesARuleShadowed() {
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -p tcp -m statistic --mode random --probability 0.5 -j DROP
                -A INPUT -p tcp -j DROP
                -A INPUT -p tcp -m foo --bar -j ACCEPT
                COMMIT
                """));
        assertThat(shadowedLines(r)).containsExactly(5);
        // the random drop is redundant: the next rule drops every tcp packet anyway, whatever the draw
        assertThat(r.redundant()).extracting(x -> x.rule().span().line()).containsExactly(3);
    }

    @Test
    void locallyGeneratedPacketsAreRoutedBeforeFilterOutputEvenWhenNatOutputRewrites() {
        // the query starts after nat OUTPUT (it may rewrite): the routing decision before it has
        // already given the packet an out interface, so -o lo can match (Tails' Tor rules)
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :OUTPUT DROP [0:0]
                -A OUTPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
                -A OUTPUT -d 127.0.0.1/32 -o lo -p tcp -m tcp --dport 9050 -j ACCEPT
                COMMIT
                *nat
                :OUTPUT ACCEPT [0:0]
                -A OUTPUT -d 127.192.0.0/10 -p tcp -j REDIRECT --to-ports 9040
                COMMIT
                """));
        assertThat(r.shadowed()).isEmpty();
    }

    @Test
    void aRejectIsNotRedundantWhenTheRuleAfterItAnswersDifferently() {
        // removing line 3 or 4 would answer their packets with proto-unreachable instead
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -p udp -j REJECT --reject-with icmp-port-unreachable
                -A INPUT -p tcp -j REJECT --reject-with tcp-reset
                -A INPUT -p icmp -j REJECT --reject-with icmp-proto-unreachable
                -A INPUT -j REJECT --reject-with icmp-proto-unreachable
                COMMIT
                """));
        assertThat(r.redundant()).extracting(x -> x.rule().span().line()).containsExactly(5);
        assertThat(r.shadowed()).isEmpty();
    }

    @Test
    void anUnknownMatchBeforeARedundantRuleDoesNotHideIt() {
        // the probe's packet and its twin without line 5 must be compared in the same world of the
        // unknown `recent` match (TUM's firewall has this shape)
        RuleLogicReport r = engine.ruleLogic(parse("""
                *filter
                :FORWARD DROP [0:0]
                -A FORWARD -m recent --update --seconds 60 --name DEFAULT --rsource -j DROP
                -A FORWARD -m state --state RELATED,ESTABLISHED -j ACCEPT
                -A FORWARD -d 188.95.234.6/32 -p tcp -m state --state NEW -m tcp --dport 42512 -j ACCEPT
                -A FORWARD -p tcp -m state --state NEW -m tcp --dport 1:65535 -j ACCEPT
                COMMIT
                """));
        assertThat(r.redundant()).extracting(x -> x.rule().span().line()).containsExactly(5);
    }

    static List<Integer> redundantLines(RuleLogicReport r) {
        return r.redundant().stream().map(x -> x.rule().span().line()).toList();
    }

    @Test
    void aDropReachedThroughRecentIsRedundantOnlyWhenWhatFollowsDropsToo() {
        // the probe reaches line 8 only where the -m recent jump matches: both walks must take it
        String text = """
                *filter
                :INPUT DROP [0:0]
                :RECENT_DROP - [0:0]
                -A INPUT -p udp -m recent --update --seconds 60 --name bad --rsource -j RECENT_DROP
                -A INPUT -p udp -j DROP
                -A INPUT -j ACCEPT
                -A RECENT_DROP -m limit --limit 100/min -j LOG
                -A RECENT_DROP -j DROP
                COMMIT
                """;
        assertThat(redundantLines(engine.ruleLogic(parse(text)))).containsExactly(8);
        assertThat(redundantLines(engine.ruleLogic(parse(text.replace("-p udp -j DROP", "-p udp -s 10.0.0.0/8 -j DROP")))))
                .as("udp from elsewhere is accepted without it").isEmpty();
    }

    @Test
    void anEstablishedAcceptIsRedundantOnlyWhenLaterPacketsAreAcceptedAnyway() {
        String text = """
                *filter
                :INPUT DROP [0:0]
                :FORWARD DROP [0:0]
                -A FORWARD -m state --state RELATED,ESTABLISHED -j ACCEPT
                -A FORWARD -d 10.3.0.1 -o eth3 -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT
                -A FORWARD -d 10.3.0.0/24 -o eth3 -j ACCEPT
                -A FORWARD -j DROP
                COMMIT
                """;
        // only the connections lines 5 and 6 open have later packets here: without line 4 they are dropped
        assertThat(redundantLines(engine.ruleLogic(parse(text)))).containsExactly(5);
        assertThat(redundantLines(engine.ruleLogic(parse(text.replace("-A FORWARD -j DROP", "-A FORWARD -j ACCEPT")))))
                .as("everything it accepts is accepted later").contains(4);
    }
}
