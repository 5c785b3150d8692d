package io.nflint.walk;

import static io.nflint.walk.Walks.dockerHost;
import static io.nflint.walk.Walks.dump;
import static io.nflint.walk.Walks.ip;
import static io.nflint.walk.Walks.tcpFrom;
import static io.nflint.walk.Walks.walk;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nondeterministic matches fork the walk; every outcome is reported with its choices. */
class ForkTest {

    private static final String KUBE = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :KUBE-SVC-A - [0:0]
            :KUBE-SEP-1 - [0:0]
            :KUBE-SEP-2 - [0:0]
            -A PREROUTING -d 198.51.100.1 -p tcp --dport 80 -j KUBE-SVC-A
            -A KUBE-SVC-A -m statistic --mode random --probability 0.5 -j KUBE-SEP-1
            -A KUBE-SVC-A -j KUBE-SEP-2
            -A KUBE-SEP-1 -p tcp -j DNAT --to-destination 172.17.0.2:8080
            -A KUBE-SEP-2 -p tcp -j DNAT --to-destination 172.17.0.3:8080
            COMMIT
            """;

    @Test
    void statisticForksIntoEveryEndpoint() {
        WalkResult r = walk(dockerHost().build(), dump(KUBE), tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 80));
        assertThat(r.outcomes()).hasSize(2);
        assertThat(r.truncated()).isFalse();
        assertThat(r.outcomes()).extracting(o -> o.packet().dst())
                .containsExactlyInAnyOrder(ip("172.17.0.2"), ip("172.17.0.3"));
        assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.choices()).hasSize(1));
        assertThat(r.outcomes().get(0).choices().get(0).why()).contains("statistic");
    }

    @Test
    void unknownModuleForks() {
        WalkResult r = walk(dockerHost().build(), dump("""
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -m geoip --src-cc XX -j DROP
                COMMIT
                """), tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 22));
        assertThat(r.outcomes()).extracting(Outcome::verdict)
                .containsExactlyInAnyOrder(WalkVerdict.DROP, WalkVerdict.ACCEPT);
        assertThat(r.outcomes().get(0).choices().get(0).why()).contains("geoip");
    }

    @Test
    void ipsetWithKnownContentsDoesNotForkAndUnknownSetDoes() {
        Ruleset rs = dump("""
                *filter
                :INPUT ACCEPT [0:0]
                -A INPUT -m set --match-set blocked src -j DROP
                -A INPUT -m set --match-set other src -j DROP
                COMMIT
                """);
        HostView host = dockerHost().ipset("blocked", "203.0.113.0/24").ipset("other", "10.0.0.0/8").build();
        assertThat(walk(host, rs, tcpFrom("ext0", "198.51.100.2", 1, "198.51.100.1", 22)).only().verdict())
                .isEqualTo(WalkVerdict.ACCEPT);
        assertThat(walk(host, rs, tcpFrom("ext0", "203.0.113.5", 1, "198.51.100.1", 22)).only().verdict())
                .isEqualTo(WalkVerdict.DROP);
        assertThat(walk(dockerHost().build(), rs, tcpFrom("ext0", "203.0.113.5", 1, "198.51.100.1", 22)).outcomes())
                .hasSize(3);
    }

    @Test
    void outcomesAreBoundedAndTruncationIsSaid() {
        StringBuilder sb = new StringBuilder("*filter\n:INPUT ACCEPT [0:0]\n");
        for (int i = 0; i < 10; i++) {
            sb.append("-A INPUT -m statistic --mode random --probability 0.5 -j LOG\n");
        }
        sb.append("COMMIT\n");
        WalkResult r = new Walker(dockerHost().build(), List.of(dump(sb.toString())), 64)
                .walk(tcpFrom("ext0", "198.51.100.2", 1, "198.51.100.1", 22));
        assertThat(r.outcomes()).hasSize(64);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void theFirstRunTakesTheValueTheWalkerPrefersAndSharedIndexesGiveTheSameWalk() {
        Ruleset rs = dump(KUBE);
        Walker plain = new Walker(dockerHost().build(), List.of(rs));
        WalkRequest req = tcpFrom("ext0", "198.51.100.2", 40000, "198.51.100.1", 80);
        assertThat(plain.walk(req).outcomes().get(0).packet().dst()).isEqualTo(ip("172.17.0.2"));
        Walker notFirst = plain.sharingIndexes(dockerHost().build(), List.of(rs), Walker.DEFAULT_MAX_OUTCOMES).matchFirst(r -> false);
        WalkResult r = notFirst.walk(req);
        // "does not match" first: the statistic rule is skipped in the first run, taken in the second
        assertThat(r.outcomes()).extracting(o -> o.packet().dst()).containsExactly(ip("172.17.0.3"), ip("172.17.0.2"));
    }
}
