package io.nflint.walk;

import static io.nflint.walk.Walks.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.gen.KubeProxyDumpGenerator;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget: a trace on a 100k-rule kube-proxy dump well under a second after parsing. */
class KubeProxyWalkPerformanceTest {

    @Test
    void walkingTheLastServiceOfA100kRuleDumpIsFast() {
        KubeProxyDumpGenerator gen = new KubeProxyDumpGenerator(9000, 42);
        List<KubeProxyDumpGenerator.Service> services = gen.services();
        Ruleset rs = DumpParser.parse("kube.rules", KubeProxyDumpGenerator.render(services), ParseOptions.DETECT);
        assertThat(rs.ruleCount()).isGreaterThan(90_000);
        KubeProxyDumpGenerator.Service last = null;
        for (KubeProxyDumpGenerator.Service s : services) {
            if (!s.endpoints().isEmpty()) {
                last = s;
            }
        }
        HostView host = StaticHost.builder().iface("eth0", "198.51.100.1/24").bridge("cni0", "10.244.0.1/16")
                .route("default", "198.51.100.2", "eth0").build();
        Walker walker = new Walker(host, List.of(rs));
        WalkRequest req = WalkRequest.arriving("eth0",
                Packet.of(last.proto(), ip("198.51.100.2"), 40000, ip(last.clusterIp()), last.port()));
        walker.walk(req); // warm-up
        long t0 = System.nanoTime();
        WalkResult r = walker.walk(req);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[walk perf] " + rs.ruleCount() + " rules, " + r.outcomes().size() + " outcomes, " + ms + " ms");
        assertThat(r.outcomes()).hasSize(last.endpoints().size());
        assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.packet().dst().toString()).startsWith("10.244."));
        assertThat(ms).isLessThan(1000);
    }
}
