package io.nflint.symbolic;

import io.nflint.host.HostModel;
import io.nflint.ir.Ruleset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule logic on a known host: its addresses and routes decide which packets reach INPUT and FORWARD rules. */
class HostWiredRuleLogicTest extends WithEngine {


    private static final String RULES = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -d 203.0.113.99/32 -p tcp -m tcp --dport 443 -j ACCEPT
            -A INPUT -d 192.0.2.10/32 -p tcp -m tcp --dport 22 -j ACCEPT
            -A FORWARD -d 10.0.0.0/24 -o eth1 -j ACCEPT
            -A FORWARD -d 198.51.100.0/24 -o eth1 -j ACCEPT
            COMMIT
            """;

    private static int line(RuleLogicReport.Shadowed s) {
        return s.rule().span().line();
    }

    @Test
    void withoutAHostEveryRuleMayBeReached() {
        Ruleset rs = HostWiredDiffTest.parse("r", RULES);
        assertThat(engine.ruleLogic(rs).shadowed()).isEmpty();
    }

    @Test
    void onTheHostRulesForAddressesItLacksAndRoutesItDoesNotHaveAreNeverMatched() {
        Ruleset rs = HostWiredDiffTest.parse("r", RULES);
        HostModel h = HostWiredDiffTest.host().build();
        RuleLogicReport report = engine.ruleLogic(rs, r -> true, h);
        // 203.0.113.99 is no address of the host; 10.0.0.0/24 routes out of br0, not eth1
        assertThat(report.shadowed()).extracting(HostWiredRuleLogicTest::line).containsExactlyInAnyOrder(5, 7);
        assertThat(report.shadowed()).allMatch(s -> s.covering().isEmpty());
    }
}
