package io.nflint.symbolic.logic;

import io.nflint.symbolic.EngineOptions;
import io.nflint.symbolic.RuleLogicReport;
import io.nflint.symbolic.slice.Box;
import io.nflint.symbolic.z3.Z3Engine;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that kept the solver busy on the TUM firewalls are settled by concrete probes: a jump
 * on forwarded multicast (a made-up router may route multicast, as the solver's mc_forwarding
 * may), a chain's last jump that only non-TCP/UDP packets reach, rules about 127.0.0.0/8 from the
 * wire (route_localnet, open without a host) and a port list whose first port a later rule also
 * accepts. RuleLogicProbeAgreementTest holds the same file to the solver's answers.
 */
class RouterProbesTest {

    @Test
    void routerRulesAreSettledWithoutLoadingTheSolver() throws IOException {
        Path dump = Path.of("src/test/resources/rulelogic/router-multicast-localnet.rules");
        Ruleset rs = DumpParser.parse(dump.toString(), Files.readAllBytes(dump), ParseOptions.DETECT);
        try (Z3Engine engine = Z3Engine.openOnDemand(EngineOptions.DEFAULTS)) {
            RuleLogicReport r = engine.ruleLogic(rs);
            assertThat(r.shadowed()).isEmpty();
            assertThat(r.redundant()).isEmpty();
            assertThat(r.undecided()).isEmpty();
            assertThat(r.unreachableChains()).isEmpty();
            assertThat(engine.loaded()).as("Z3 loaded").isFalse();
        }
    }

    @Test
    void aRuleOnLinkLocalGroupsOnlyIsNotForwardedByTheWalker() {
        // the kernel never forwards 224.0.0.0/24 (ipmr delivers it locally): no probe takes the
        // FORWARD rule, whatever the solver then says about it
        Ruleset rs = DumpParser.parse("t.rules", """
                *filter
                :FORWARD DROP [0:0]
                -A FORWARD -d 224.0.0.0/24 -o eth1 -j ACCEPT
                COMMIT
                """, ParseOptions.DETECT);
        ConcreteProbe probe = new ConcreteProbe(rs, io.nflint.lower.LoweredRuleset.of(rs),
                () -> io.nflint.host.infer.TopologyInference.infer(rs, io.nflint.host.HostModel.empty()), null, (t, c) -> java.util.List.of());
        io.nflint.ir.Rule rule = rs.rules().get(0);
        assertThat(probe.reaches(rule, io.nflint.pipeline.PacketPath.ROUTED, Box.of(io.nflint.lower.LoweredRule.of(rule)), null, "eth1")).isFalse();
        Ruleset wide = DumpParser.parse("t.rules", """
                *filter
                :FORWARD DROP [0:0]
                -A FORWARD -d 224.0.0.0/4 -o eth1 -j ACCEPT
                COMMIT
                """, ParseOptions.DETECT);
        io.nflint.ir.Rule any = wide.rules().get(0);
        assertThat(new ConcreteProbe(wide, io.nflint.lower.LoweredRuleset.of(wide),
                () -> io.nflint.host.infer.TopologyInference.infer(wide, io.nflint.host.HostModel.empty()), null, (t, c) -> java.util.List.of())
                .reaches(any, io.nflint.pipeline.PacketPath.ROUTED, Box.of(io.nflint.lower.LoweredRule.of(any)), null, "eth1")).isTrue();
    }
}
