package io.nflint.symbolic;

import io.nflint.host.HostModel;
import io.nflint.host.Sysctls;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The symbolic routing decision drops martians and delivers multicast and broadcast locally, as
 * the walker (and the kernel) do: rules that only ever see such packets where the kernel never
 * lets them through make no difference, and rules that only match them in FORWARD never match.
 */
class MartianRoutingTest extends WithEngine {

    private static Ruleset parse(String name, String text) {
        return DumpParser.parse(name, text, ParseOptions.DETECT);
    }

    private static String filter(String rules) {
        return "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" + rules + "COMMIT\n";
    }

    @Test
    void aForwardRuleForZeroNetSourcesMakesNoDifference() {
        // 0.0.0.0/8 sources are martians unless sent to broadcast or multicast, which is delivered, never forwarded
        SemanticDiff d = engine.diff(parse("a", filter("-A FORWARD -i eth0 -s 0.0.0.0/8 -j DROP\n")), parse("b", filter("")), 3);
        assertThat(d.differences()).isEmpty();
        assertThat(d.undecided()).isEmpty();
    }

    @Test
    void anInputRuleForZeroNetSourcesStillMattersForBroadcasts() {
        // DHCP: 0.0.0.0 to 255.255.255.255 is delivered, so is IGMP and anything to 224.0.0.0/24:
        // the rule drops something the kernel lets in, and nothing else
        SemanticDiff d = engine.diff(parse("a", filter("-A INPUT -i eth0 -s 0.0.0.0/8 -j DROP\n")), parse("b", filter("")), 4);
        assertThat(d.differences()).isNotEmpty();
        for (SemanticDiff.Difference x : d.differences()) {
            long dst = x.witness().dst().v4Value() & 0xffffffffL;
            assertThat(dst == 0xffffffffL || dst >>> 8 == 0xe00000L || dst >>> 28 == 0xe && x.witness().proto() == 2)
                    .as("%s", x.witness()).isTrue();
            assertThat(x.confirmed()).as("%s", x.replay()).isTrue();
        }
    }

    @Test
    void noHostOwnsZeroNetLimitedBroadcastOrMulticastSoAddrtypeLocalNeverMatchesThem() {
        // inet_addr_type answers BROADCAST or MULTICAST for these before it looks at the host's
        // addresses; a solver free to call them LOCAL found a "difference" the walker refused
        String nat = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n";
        Ruleset a = parse("a", nat
                + "-A PREROUTING -d 255.255.255.255/32 -m addrtype --dst-type LOCAL -j DNAT --to-destination 203.0.113.9\n"
                + "-A PREROUTING -d 0.0.0.0/8 -m addrtype --dst-type LOCAL -j DNAT --to-destination 203.0.113.9\n"
                + "-A PREROUTING -d 224.0.0.0/4 -m addrtype --dst-type LOCAL -j DNAT --to-destination 203.0.113.9\n"
                + "-A OUTPUT -d 224.0.0.0/4 -m addrtype --dst-type LOCAL -j DNAT --to-destination 203.0.113.9\n"
                + "COMMIT\n" + filter(""));
        SemanticDiff d = engine.diff(a, parse("b", nat + "COMMIT\n" + filter("")), 3);
        assertThat(d.differences()).isEmpty();
        assertThat(d.undecided()).isEmpty();
    }

    @Test
    void aForwardRuleForMulticastIsNotComparedAndTheDiffSaysSo() {
        // the diff's host delivers multicast to itself; only a multicast router forwards it
        SemanticDiff d = engine.diff(parse("a", filter("-A FORWARD -d 239.0.0.0/8 -j DROP\n")), parse("b", filter("")), 3);
        assertThat(d.differences()).isEmpty();
        assertThat(d.notes()).anyMatch(n -> n.startsWith("multicast is compared as the host delivers it"));
        SemanticDiff plain = engine.diff(parse("a", filter("-A FORWARD -d 10.0.0.0/8 -j DROP\n")), parse("b", filter("")), 1);
        assertThat(plain.notes()).noneMatch(n -> n.startsWith("multicast"));
    }

    @Test
    void anInputRuleForLoopbackSourcesOnEth0MakesNoDifferenceOnAHostWithoutRouteLocalnet() {
        Ruleset a = parse("a", filter("-A INPUT -i eth0 -s 127.0.0.0/8 -j DROP\n-A INPUT -i eth0 -d 127.0.0.0/8 -j DROP\n"));
        Ruleset b = parse("b", filter(""));
        HostModel h = HostWiredDiffTest.host().build();
        SemanticDiff d = engine.diff(a, b, 3, new DiffContext(h, h, null, null));
        assertThat(d.differences()).isEmpty();
        assertThat(d.undecided()).isEmpty();
    }

    @Test
    void withRouteLocalnetOnTheHostTheLoopbackRuleMatters() {
        Ruleset a = parse("a", filter("-A INPUT -i eth0 -s 127.0.0.0/8 -j DROP\n"));
        Ruleset b = parse("b", filter(""));
        HostModel h = HostWiredDiffTest.host().sysctls(Sysctls.of(Map.of("net.ipv4.conf.eth0.route_localnet", "1"))).build();
        SemanticDiff d = engine.diff(a, b, 2, new DiffContext(h, h, null, null));
        assertThat(d.differences()).isNotEmpty();
        assertThat(d.differences()).allSatisfy(x -> assertThat(x.witness().inIface()).isEqualTo("eth0"));
    }

    @Test
    void withoutAHostRouteLocalnetIsOpenAndTheWitnessReplaysOnAHostWithIt() {
        Ruleset a = parse("a", filter("-A INPUT -i eth0 -s 127.0.0.0/8 -j DROP\n"));
        SemanticDiff d = engine.diff(a, parse("b", filter("")), 2);
        assertThat(d.differences()).isNotEmpty();
        for (SemanticDiff.Difference x : d.differences()) {
            // the walker, on the solver's host, agrees: that host routes 127/8 from eth0
            assertThat(x.confirmed()).as("%s", x.replay()).isTrue();
            assertThat(x.witness().src().v4Value() >>> 24).isEqualTo(127);
        }
    }

    @Test
    void aForwardRuleForMulticastDestinationsMakesNoDifference() {
        SemanticDiff d = engine.diff(parse("a", filter("-A FORWARD -d 224.0.0.0/4 -j DROP\n-A FORWARD -d 255.255.255.255/32 -j DROP\n")),
                parse("b", filter("")), 3);
        assertThat(d.differences()).isEmpty();
        assertThat(d.undecided()).isEmpty();
    }

    @Test
    void onAHostThatDoesNotRouteMulticastAForwardRuleForMulticastDestinationsIsNeverMatched() {
        HostModel h = HostWiredDiffTest.host().build();
        RuleLogicReport r = engine.ruleLogic(parse("t", filter("-A FORWARD -d 224.0.0.0/4 -j ACCEPT\n-A FORWARD -d 10.0.0.0/8 -j ACCEPT\n")),
                x -> true, h);
        assertThat(r.shadowed()).extracting(s -> s.rule().span().line()).containsExactly(5);
        assertThat(r.shadowed().get(0).covering()).isEmpty();
    }

    @Test
    void aBareDumpMayBeAMulticastRouterSoItsMulticastForwardRuleIsNotClaimedDead() {
        // the TUM routers filter forwarded 224.0.0.0/4 in FORWARD: their hosts ran multicast routing
        RuleLogicReport r = engine.ruleLogic(parse("t", filter("-A FORWARD -d 224.0.0.0/4 -j ACCEPT\n-A FORWARD -d 10.0.0.0/8 -j ACCEPT\n")));
        assertThat(r.shadowed()).isEmpty();
    }

    @Test
    void anInputRuleForMulticastDestinationsIsReachable() {
        RuleLogicReport r = engine.ruleLogic(parse("t", filter("-A INPUT -d 224.0.0.0/4 -j ACCEPT\n")));
        assertThat(r.shadowed()).isEmpty();
    }

    @Test
    void ipv6LoopbackFromOutsideNeverReachesPrerouting() {
        String text = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + "-A INPUT -i eth0 -s ::1/128 -j DROP\n-A FORWARD -s ff00::/8 -j DROP\nCOMMIT\n";
        Ruleset a = DumpParser.parse("a", text, ParseOptions.DETECT.withFamily(io.nflint.ir.Family.IPV6));
        RuleLogicReport r = engine.ruleLogic(a);
        assertThat(r.shadowed()).extracting(s -> s.rule().span().line()).containsExactly(5, 6);
    }
}
