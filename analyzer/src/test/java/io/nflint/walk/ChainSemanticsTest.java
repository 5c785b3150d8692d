package io.nflint.walk;

import static io.nflint.walk.Walks.dockerHost;
import static io.nflint.walk.Walks.dump;
import static io.nflint.walk.Walks.tcpFrom;
import static io.nflint.walk.Walks.trace;
import static io.nflint.walk.Walks.walk;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Chain traversal as ipt_do_table does it: jump, goto, RETURN, policies, marks, loops. */
class ChainSemanticsTest {

    private final HostView host = dockerHost().build();

    private Outcome input(String rules) {
        return walk(host, dump(rules), tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 22)).only();
    }

    @Test
    void jumpReturnsToTheRuleAfterTheJumpAndFallingOffAUserChainPrintsTheNextNumber() {
        Outcome o = input("""
                *filter
                :INPUT DROP [0:0]
                :A - [0:0]
                -A INPUT -j A
                -A INPUT -p tcp --dport 22 -j ACCEPT
                -A A -p udp -j DROP
                -A A -s 10.0.0.0/8 -j DROP
                COMMIT
                """);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.deliveredTo()).isEqualTo("local");
        assertThat(trace(o)).containsExactly("filter:INPUT:rule:1", "filter:A:return:3", "filter:INPUT:rule:2");
        assertThat(o.steps().get(0).render()).isEqualTo("TRACE: filter:INPUT:rule:1 (line 4) -j A");
        assertThat(o.steps().get(1).line()).isEqualTo(3);
    }

    @Test
    void returnFromAGotoChainGoesBackPastTheCaller() {
        Outcome o = input("""
                *filter
                :INPUT ACCEPT [0:0]
                :A - [0:0]
                :B - [0:0]
                -A INPUT -j A
                -A INPUT -j DROP
                -A A -g B
                -A A -j ACCEPT
                -A B -j RETURN
                COMMIT
                """);
        // B returns to INPUT rule 2 (past A's rule 2, which the goto skipped): DROP
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(trace(o)).containsExactly("filter:INPUT:rule:1", "filter:A:rule:1", "filter:B:rule:1",
                "filter:INPUT:rule:2");
    }

    @Test
    void gotoFromTheBuiltinChainReturnsToThePolicy() {
        Outcome o = input("""
                *filter
                :INPUT DROP [0:0]
                :B - [0:0]
                -A INPUT -g B
                -A INPUT -j ACCEPT
                -A B -s 10.0.0.0/8 -j ACCEPT
                COMMIT
                """);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(trace(o)).containsExactly("filter:INPUT:rule:1", "filter:B:return:2", "filter:INPUT:policy:3");
        assertThat(o.steps().get(2).render()).isEqualTo("TRACE: filter:INPUT:policy:3 (line 2) DROP");
    }

    @Test
    void returnInTheBuiltinChainAppliesThePolicy() {
        Outcome o = input("""
                *filter
                :INPUT DROP [0:0]
                -A INPUT -p tcp -j RETURN
                -A INPUT -j ACCEPT
                COMMIT
                """);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(trace(o)).containsExactly("filter:INPUT:rule:1", "filter:INPUT:policy:3");
    }

    @Test
    void acceptEndsOnlyTheTableAndNonTerminalTargetsContinue() {
        Outcome o = input("""
                *mangle
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                -A PREROUTING -j ACCEPT
                -A PREROUTING -j DROP
                -A INPUT -j LOG --log-prefix "x "
                COMMIT
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -j DROP
                COMMIT
                """);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(trace(o)).containsExactly("mangle:PREROUTING:rule:1", "mangle:INPUT:rule:1",
                "mangle:INPUT:policy:2", "filter:INPUT:rule:1");
    }

    @Test
    void marksSetInMangleAreSeenInFilterAndConnmarkSavesThem() {
        Outcome o = input("""
                *mangle
                :PREROUTING ACCEPT [0:0]
                -A PREROUTING -p tcp --dport 22 -j MARK --set-xmark 0x4000/0x4000
                -A PREROUTING -j CONNMARK --save-mark
                COMMIT
                *filter
                :INPUT DROP [0:0]
                -A INPUT -m mark --mark 0x4000/0x4000 -m connmark --mark 0x4000 -j ACCEPT
                COMMIT
                """);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(o.packet().mark()).isEqualTo(0x4000);
        assertThat(o.conntrack().mark()).isEqualTo(0x4000);
    }

    @Test
    void jumpLoopsAreReportedNotOverflowed() {
        Outcome o = input("""
                *filter
                :INPUT ACCEPT [0:0]
                :A - [0:0]
                :B - [0:0]
                -A INPUT -j A
                -A A -j B
                -A B -j A
                COMMIT
                """);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.notes()).anyMatch(n -> n.contains("loop"));
    }

    @Test
    void interfaceWildcardsAndNegation() {
        Outcome o = input("""
                *filter
                :INPUT DROP [0:0]
                -A INPUT -i eth+ -j DROP
                -A INPUT ! -i ext+ -j DROP
                -A INPUT -i ext+ -o docker0 -j DROP
                -A INPUT -i ext+ ! -o docker0 -j ACCEPT
                COMMIT
                """);
        assertThat(o.verdict()).isEqualTo(WalkVerdict.ACCEPT);
        assertThat(trace(o)).containsExactly("filter:INPUT:rule:4");
    }

    @Test
    void addrtypeLocalWithLimitIface() {
        Outcome o = input("""
                *filter
                :INPUT DROP [0:0]
                -A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -s 198.51.100.9 -j ACCEPT
                -A INPUT -m addrtype --src-type UNICAST --dst-type LOCAL --limit-iface-in -j ACCEPT
                COMMIT
                """);
        assertThat(trace(o)).containsExactly("filter:INPUT:rule:2");
    }

    @Test
    void aRouteIntoLoForANonLocalAddressEndsAsALoopNotAStackOverflow() {
        HostView looping = dockerHost().route("203.0.113.0/24", null, "lo").build();
        Outcome o = walk(looping, dump("""
                *filter
                :FORWARD ACCEPT [0:0]
                COMMIT
                """), tcpFrom("ext0", "198.51.100.2", 40000, "203.0.113.9", 80)).only();
        assertThat(o.verdict()).isEqualTo(WalkVerdict.DROP);
        assertThat(o.notes()).anyMatch(n -> n.contains("routing loop"));
    }
}
