package io.nflint.rules.checks;

import io.nflint.host.HostModel;
import io.nflint.host.IfAddress;
import io.nflint.host.InterfaceKind;
import io.nflint.host.NetInterface;
import io.nflint.host.Route;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckRunner;
import io.nflint.rules.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** NFL101 on a host bundle routes by the bundle's addresses; on a bare dump it does not. */
class ShadowedOnHostTest {

    private static final String RULES = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A INPUT -d 203.0.113.99/32 -p tcp -m tcp --dport 443 -j ACCEPT
            -A INPUT -d 192.0.2.10/32 -p tcp -m tcp --dport 22 -j ACCEPT
            COMMIT
            """;

    private static List<Finding> run(CheckContext context) {
        return new CheckRunner(List.of(new ShadowedRuleCheck()), Map.of()).run(context);
    }

    @Test
    void aRuleForAnAddressTheHostLacksIsNeverMatchedOnlyOnThatHost() {
        Ruleset rs = DumpParser.parse("iptables.rules", RULES, ParseOptions.DETECT);
        assertThat(run(new CheckContext("dump", List.of(rs)))).isEmpty();
        HostModel host = HostModel.builder()
                .putInterface(new NetInterface("eth0", 2, InterfaceKind.OTHER, null,
                        List.of(new IfAddress(Ip.parse("192.0.2.10").orElseThrow(), 24)), true, null, null))
                .addRoute(Route.unicast(IpNet.of(Ip.parse("192.0.2.0").orElseThrow(), 24), null, "eth0"))
                .build();
        List<Finding> found = run(new CheckContext("bundle", List.of(rs), host, true));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("NFL101");
            assertThat(f.span().line()).isEqualTo(5);
            assertThat(f.message()).contains("never matched").contains("on this host");
        });
    }
}
