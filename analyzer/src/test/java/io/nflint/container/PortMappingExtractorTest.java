package io.nflint.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortMappingExtractorTest {

    private static List<PortMapping> mappings(String dump) {
        Ruleset rs = DumpParser.parse("t.rules", dump, ParseOptions.DETECT);
        assertThat(rs.diagnostics()).isEmpty();
        return PortMappingExtractor.extract(rs);
    }

    @Test
    void dockerShape() {
        List<PortMapping> m = mappings("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :DOCKER - [0:0]
                -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
                -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
                -A DOCKER -i docker0 -j RETURN
                -A DOCKER -d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 9000 -j DNAT --to-destination 172.17.0.3:9000
                -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
                COMMIT
                """);
        assertThat(m).extracting(PortMapping::describe)
                .containsExactlyInAnyOrder("tcp/127.0.0.1:9000 -> 172.17.0.3:9000", "tcp/8080 -> 172.17.0.2:80");
        assertThat(m).allSatisfy(x -> {
            assertThat(x.excludedInInterface()).isEqualTo("docker0");
            assertThat(x.fromPrerouting()).isTrue();
            assertThat(x.fromOutput()).isTrue();
        });
    }

    @Test
    void podmanShapeCollectsConditionsAlongTheJumps() {
        List<PortMapping> m = mappings("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :CNI-HOSTPORT-DNAT - [0:0]
                :CNI-DN-1 - [0:0]
                :CNI-HOSTPORT-SETMARK - [0:0]
                -A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
                -A CNI-HOSTPORT-DNAT -p tcp -m multiport --dports 8080 -j CNI-DN-1
                -A CNI-DN-1 -s 10.88.0.0/16 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK
                -A CNI-DN-1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.88.0.2:80
                -A CNI-HOSTPORT-SETMARK -j MARK --set-xmark 0x2000/0x2000
                COMMIT
                """);
        assertThat(m).singleElement().satisfies(x -> {
            assertThat(x.describe()).isEqualTo("tcp/8080 -> 10.88.0.2:80");
            assertThat(x.path()).hasSize(3);
            assertThat(x.fromOutput()).isFalse();
        });
    }

    @Test
    void oneDnatServesClusterIpAndNodePort() {
        List<PortMapping> m = mappings("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :KUBE-SERVICES - [0:0]
                :KUBE-NODEPORTS - [0:0]
                :KUBE-SVC-A - [0:0]
                :KUBE-SEP-A - [0:0]
                -A PREROUTING -j KUBE-SERVICES
                -A KUBE-SERVICES -d 10.96.0.5/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-A
                -A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
                -A KUBE-NODEPORTS -p tcp -m tcp --dport 30080 -j KUBE-SVC-A
                -A KUBE-SVC-A -j KUBE-SEP-A
                -A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.244.0.7:8080
                COMMIT
                """);
        assertThat(m).extracting(PortMapping::describe)
                .containsExactlyInAnyOrder("tcp/10.96.0.5:80 -> 10.244.0.7:8080", "tcp/30080 -> 10.244.0.7:8080");
    }
}
