package io.nflint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip6ExtHeaders;
import io.nflint.ir.Ruleset;
import io.nflint.ir.match.ConntrackMatch;
import io.nflint.ir.match.HopLimitMatch;
import io.nflint.ir.match.Ip6ExtHeaderMatch;
import io.nflint.ir.match.Ip6HeaderChainMatch;
import io.nflint.ir.match.Match;
import org.junit.jupiter.api.Test;

/** hl, ttl, frag, rt and ipv6header as ip6tables-save prints them, and what iptables refuses. */
class Ip6MatchesTest {

    private static Ruleset parse(String rule) {
        return DumpParser.parse("t.rules", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT " + rule + " -j ACCEPT\nCOMMIT\n",
                ParseOptions.DETECT);
    }

    private static Match only(String rule) {
        Ruleset rs = parse(rule);
        assertThat(rs.diagnostics()).as(rule).isEmpty();
        return rs.rules().get(0).matches().get(rs.rules().get(0).matches().size() - 1);
    }

    @Test
    void hopLimitComparisons() {
        assertThat(only("-s 2001:db8::/32 -m hl --hl-eq 255")).isEqualTo(new HopLimitMatch(true, HopLimitMatch.Op.EQ, 255,
                ((HopLimitMatch) only("-s 2001:db8::/32 -m hl --hl-eq 255")).span()));
        assertThat(((HopLimitMatch) only("-s 2001:db8::/32 -m hl ! --hl-eq 64")).op()).isEqualTo(HopLimitMatch.Op.NE);
        assertThat(((HopLimitMatch) only("-s 2001:db8::/32 -m hl --hl-lt 2")).op()).isEqualTo(HopLimitMatch.Op.LT);
        HopLimitMatch ttl = (HopLimitMatch) only("-m ttl --ttl-gt 10");
        assertThat(ttl.v6()).isFalse();
        assertThat(ttl.module()).isEqualTo("ttl");
        assertThat(ttl.value()).isEqualTo(10);
    }

    @Test
    void hopLimitRefusesWhatIptablesRefuses() {
        assertThat(parse("-m hl ! --hl-lt 5").diagnostics()).isNotEmpty();
        assertThat(parse("-m hl --hl-eq 256").diagnostics()).isNotEmpty();
        assertThat(parse("-m hl --hl-eq 1 --hl-gt 2").diagnostics()).isNotEmpty();
    }

    @Test
    void extensionHeaderModulesKeepTheirOptions() {
        Ip6ExtHeaderMatch frag = (Ip6ExtHeaderMatch) only("-s 2001:db8::/32 -m frag --fragid 100:200 --fragfirst");
        assertThat(frag.header()).isEqualTo(Ip6ExtHeaderMatch.Header.FRAGMENT);
        assertThat(frag.options()).hasSize(2);
        Ip6ExtHeaderMatch rt = (Ip6ExtHeaderMatch) only("-s 2001:db8::/32 -m rt --rt-type 0 ! --rt-segsleft 0");
        assertThat(rt.module()).isEqualTo("rt");
        assertThat(rt.options().get(1).negated()).isTrue();
    }

    @Test
    void ipv6headerNamesNumbersAndNegation() {
        Ip6HeaderChainMatch hard = (Ip6HeaderChainMatch) only("-s 2001:db8::/32 -m ipv6header --header hop-by-hop,ipv6-frag,protocol");
        assertThat(hard.headers()).isEqualTo(Ip6ExtHeaders.HOPOPTS | Ip6ExtHeaders.FRAGMENT | Ip6ExtHeaders.PROTO);
        assertThat(hard.soft()).isFalse();
        Ip6HeaderChainMatch soft = (Ip6HeaderChainMatch) only("-s 2001:db8::/32 -m ipv6header ! --header 43,dst --soft");
        assertThat(soft.headers()).isEqualTo(Ip6ExtHeaders.ROUTING | Ip6ExtHeaders.DSTOPTS);
        assertThat(soft.negated()).isTrue();
        assertThat(soft.soft()).isTrue();
        // old ip6tables-save wrote the negation into the value
        assertThat(((Ip6HeaderChainMatch) only("-s 2001:db8::/32 -m ipv6header --header !frag")).negated()).isTrue();
        assertThat(parse("-m ipv6header --header tcp").diagnostics()).isNotEmpty();
        assertThat(parse("-m ipv6header --soft").diagnostics()).isNotEmpty();
    }

    @Test
    void ctdirTakesOnlyTheTwoDirections() {
        ConntrackMatch m = (ConntrackMatch) only("-m conntrack --ctdir REPLY");
        assertThat(m.unmodelled()).hasSize(1);
        assertThat(parse("-m conntrack --ctdir SIDEWAYS").diagnostics()).isNotEmpty();
    }
}
