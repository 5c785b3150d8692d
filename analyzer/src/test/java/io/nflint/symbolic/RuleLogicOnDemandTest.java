package io.nflint.symbolic;

import io.nflint.symbolic.z3.Z3Engine;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule logic loads Z3 only when a rule needs a query: a rule set whose rules the concrete probes
 * reach and covering rules settle is analysed without the native library, and one that needs the
 * solver still gets its answer.
 */
class RuleLogicOnDemandTest {

    private static Ruleset parse(String text) {
        return DumpParser.parse("test.rules", text, ParseOptions.DETECT);
    }

    private static RuleLogicReport analyse(Z3Engine engine, String text) {
        return engine.ruleLogic(parse(text));
    }

    @Test
    void rulesThatProbesAndCoveringRulesSettleNeverLoadTheSolver() {
        try (Z3Engine engine = Z3Engine.openOnDemand(EngineOptions.DEFAULTS)) {
            RuleLogicReport r = analyse(engine, """
                    *filter
                    :INPUT ACCEPT [0:0]
                    :FORWARD DROP [0:0]
                    :OUTPUT ACCEPT [0:0]
                    -A INPUT -i lo -j ACCEPT
                    -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
                    -A INPUT -p udp -j DROP
                    -A INPUT -p udp -m udp --dport 53 -j ACCEPT
                    -A INPUT -j DROP
                    -A FORWARD -i eth0 -o eth1 -j ACCEPT
                    COMMIT
                    *nat
                    :PREROUTING ACCEPT [0:0]
                    :INPUT ACCEPT [0:0]
                    :OUTPUT ACCEPT [0:0]
                    :POSTROUTING ACCEPT [0:0]
                    :DOCKER - [0:0]
                    -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
                    -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
                    -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
                    -A DOCKER -i docker0 -j RETURN
                    -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
                    COMMIT
                    """);
            assertThat(r.shadowed()).extracting(s -> s.rule().span().line()).containsExactly(8);
            assertThat(r.shadowed().get(0).covering()).extracting(x -> x.span().line()).containsExactly(7);
            assertThat(r.redundant()).isEmpty();
            assertThat(r.undecided()).isEmpty();
            assertThat(engine.loaded()).as("Z3 loaded").isFalse();
        }
    }

    @Test
    void aRuleOnlyTheSolverCanSettleLoadsIt() {
        try (Z3Engine engine = Z3Engine.openOnDemand(EngineOptions.DEFAULTS)) {
            // covered by the union of two earlier rules: no single rule contains it, no probe reaches it
            RuleLogicReport r = analyse(engine, """
                    *filter
                    :INPUT ACCEPT [0:0]
                    -A INPUT -s 10.0.0.0/9 -j DROP
                    -A INPUT -s 10.128.0.0/9 -j DROP
                    -A INPUT -s 10.0.0.0/8 -j ACCEPT
                    COMMIT
                    """);
            assertThat(r.shadowed()).extracting(s -> s.rule().span().line()).containsExactly(5);
            assertThat(r.shadowed().get(0).covering()).extracting(x -> x.span().line()).containsExactly(3, 4);
            assertThat(engine.loaded()).as("Z3 loaded").isTrue();
        }
    }
}
