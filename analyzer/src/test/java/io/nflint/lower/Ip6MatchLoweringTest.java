package io.nflint.lower;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** hl/ttl, frag, rt, ipv6header and --ctdir: the predicates both engines read. */
class Ip6MatchLoweringTest {

    private static Lowered lower(String spec) {
        Ruleset rs = DumpParser.parse("t.rules", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 2001:db8::/32 " + spec
                + " -j ACCEPT\nCOMMIT\n", ParseOptions.DETECT);
        Rule r = rs.rules().get(0);
        return LoweredRule.of(r).matches().get(r.matches().size() - 1);
    }

    @Test
    void hopLimitIsAnIntervalOfTheTtlField() {
        assertThat(lower("-m hl --hl-lt 64").pred()).isEqualTo(new Pred.Test(Field.IP_TTL, new Values.Interval(0, 63)));
        assertThat(lower("-m hl --hl-gt 63").pred()).isEqualTo(new Pred.Test(Field.IP_TTL, new Values.Interval(64, 255)));
        assertThat(lower("-m hl ! --hl-eq 255").pred())
                .isEqualTo(new Pred.Not(new Pred.Test(Field.IP_TTL, new Values.Interval(255, 255))));
        assertThat(lower("-m hl --hl-lt 0").pred()).isEqualTo(Pred.Const.FALSE);
        assertThat(lower("-m hl --hl-gt 255").pred()).isEqualTo(Pred.Const.FALSE);
        assertThat(lower("-m hl --hl-eq 1").caps().notModelled()).isFalse();
    }

    @Test
    void extensionHeadersNeedTheHeaderBeforeAnyOption() {
        Pred.All frag = (Pred.All) lower("-m frag ! --fragid 5").pred();
        assertThat(frag.preds().get(0)).isEqualTo(new Pred.Present(Field.IP6_FRAG_HEADER));
        assertThat(((Pred.Opaque) frag.preds().get(1)).reason()).contains("contents are not modelled");
        Pred.All rt = (Pred.All) lower("-m rt").pred();
        assertThat(rt.preds()).containsExactly(new Pred.Present(Field.IP6_ROUTING_HEADER));
    }

    @Test
    void ipv6headerHardIsEqualitySoftIsAMask() {
        assertThat(lower("-m ipv6header --header protocol").pred()).isEqualTo(new Pred.Test(Field.IP6_HEADER_CHAIN,
                new Values.Interval(1, 1)));
        assertThat(lower("-m ipv6header ! --header ipv6-frag,ipv6-route --soft").pred()).isEqualTo(
                new Pred.Test(Field.IP6_HEADER_CHAIN, new Values.Masked(0, 48)));
        assertThat(lower("-m ipv6header --header ipv6-frag --soft").pred()).isEqualTo(
                new Pred.Test(Field.IP6_HEADER_CHAIN, new Values.Masked(16, 16)));
    }

    @Test
    void ctdirIsModelledAndWithoutAConnectionFollowsCtstate() {
        Pred.All alone = (Pred.All) lower("-m conntrack --ctdir REPLY").pred();
        assertThat(alone.preds()).containsExactly(new Pred.IfAbsent(Field.CT_DIRECTION, false,
                new Pred.Test(Field.CT_DIRECTION, new Values.Symbols(Set.of("REPLY")))));
        Pred.All withState = (Pred.All) lower("-m conntrack --ctstate INVALID --ctdir ORIGINAL --ctexpire 5").pred();
        assertThat(((Pred.IfAbsent) withState.preds().get(1)).absent()).isTrue();
        assertThat(((Pred.Opaque) withState.preds().get(2)).reason()).contains("--ctexpire").doesNotContain("--ctdir");
    }
}
