package io.nflint.host.infer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.host.Assumption;
import io.nflint.host.HostModel;
import io.nflint.host.InterfaceKind;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

class TopologyInferenceTest {

    private static final String RULES = """
            *filter
            :FORWARD DROP [0:0]
            -A FORWARD -o docker0 -j ACCEPT
            -A FORWARD -i br-0123456789ab -j ACCEPT
            COMMIT
            *nat
            :PREROUTING ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
            -A PREROUTING ! -i br-0123456789ab -p tcp --dport 8443 -j DNAT --to-destination 172.18.0.5:443
            COMMIT
            """;

    @Test
    void bridgesSubnetsUplinkAndForwardingAreInferredWithTheirLines() {
        Ruleset rs = DumpParser.parse("host.rules", RULES, ParseOptions.DETECT);
        HostModel h = TopologyInference.infer(rs, HostModel.empty());
        assertThat(h.iface("docker0").orElseThrow().kind()).isEqualTo(InterfaceKind.BRIDGE);
        assertThat(h.isLocal(Ip.parse("172.17.0.1").orElseThrow())).isTrue();
        assertThat(h.isLocal(Ip.parse("172.18.0.1").orElseThrow())).isTrue();
        assertThat(h.routeLookup(Ip.parse("172.18.0.5").orElseThrow()).orElseThrow().device()).isEqualTo("br-0123456789ab");
        assertThat(h.routeLookup(Ip.parse("8.8.8.8").orElseThrow()).orElseThrow().device()).isEqualTo("eth0");
        assertThat(h.sysctls().ipForward()).isTrue();
        assertThat(h.assumptions()).extracting(Assumption::text)
                .anyMatch(t -> t.contains("docker0") && t.contains("172.17.0.0/16") && t.contains("host.rules:9"))
                .anyMatch(t -> t.contains("br-0123456789ab") && t.contains("host.rules:10"))
                .anyMatch(t -> t.contains("ip_forward = 1") && t.contains("host.rules:3"))
                .anyMatch(t -> t.contains("eth0 203.0.113.1/24"));
    }

    @Test
    void aModelWithInterfacesIsLeftAlone() {
        Ruleset rs = DumpParser.parse("host.rules", RULES, ParseOptions.DETECT);
        HostModel given = TopologyInference.infer(rs, HostModel.empty());
        assertThat(TopologyInference.infer(rs, given)).isSameAs(given);
    }
}
