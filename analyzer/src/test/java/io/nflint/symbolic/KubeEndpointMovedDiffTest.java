package io.nflint.symbolic;

import io.nflint.gen.KubeProxyDumpGenerator;
import io.nflint.ir.Ip;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's diff goal, scaled down: two kube-proxy dumps that differ in one moved endpoint are
 * decided with a witness to the moved service that the concrete walker replays. (The slice still
 * widens the destination after the nat table, so every filter rule keyed by a cluster IP is encoded;
 * bounding it by the DNAT targets each side encoded made the two sides' slices differ and gave
 * witnesses that did not replay, so that was withdrawn: the 50,000-service pair is not decided yet.)
 */
class KubeEndpointMovedDiffTest extends WithEngine {

    private static final int SERVICES = 2000;

    @Test
    void oneMovedEndpointIsDecidedWithAReplayedWitnessToThatService() {
        List<KubeProxyDumpGenerator.Service> before = new KubeProxyDumpGenerator(SERVICES, 42).services();
        List<KubeProxyDumpGenerator.Service> after = KubeProxyDumpGenerator.oneEndpointMoved(before);
        int moved = 0;
        while (before.get(moved).equals(after.get(moved))) {
            moved++;
        }
        KubeProxyDumpGenerator.Service old = before.get(moved);
        KubeProxyDumpGenerator.Service now = after.get(moved);
        Set<Ip> endpoints = Set.of(Ip.parse(old.endpoints().get(0)).orElseThrow(), Ip.parse(now.endpoints().get(0)).orElseThrow());

        SemanticDiff d = engine.diff(
                DumpParser.parse("old.rules", KubeProxyDumpGenerator.render(before), ParseOptions.DETECT),
                DumpParser.parse("new.rules", KubeProxyDumpGenerator.render(after), ParseOptions.DETECT), 3);

        assertThat(d.undecided()).isEmpty();
        assertThat(d.differences()).isNotEmpty();
        for (SemanticDiff.Difference x : d.differences()) {
            assertThat(x.confirmed()).as("replayed: %s", x.replay().notes()).isTrue();
            assertThat(x.witness().dst()).isEqualTo(Ip.parse(old.clusterIp()).orElseThrow());
            assertThat(x.witness().dport()).isEqualTo(old.port());
            // one side sends it to the moved endpoint (its old or its new address), the other elsewhere
            assertThat(Set.of(x.oldOutcome().translated().dst(), x.newOutcome().translated().dst()))
                    .containsAnyElementsOf(endpoints);
        }
        assertThat(d.differences()).extracting(SemanticDiff.Difference::entry).contains("local-out");
    }
}
