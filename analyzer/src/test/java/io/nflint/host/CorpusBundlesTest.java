package io.nflint.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CorpusBundlesTest {

    static Stream<Path> bundles() throws Exception {
        return Corpus.allBundles().stream();
    }

    @Test
    void corpusHasAllTwentyFiveBundles() throws Exception {
        assertThat(Corpus.allBundles()).hasSize(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundles")
    void everyGeneratedBundleLoads(Path dir) throws Exception {
        LoadedBundle bundle = HostBundleLoader.load(dir);
        HostModel host = bundle.host();

        assertThat(bundle.iptablesRules()).isPresent();
        assertThat(bundle.ip6tablesRules()).isPresent();
        assertThat(bundle.ebtablesRules()).isPresent();
        assertThat(host.interfaces()).extracting(NetInterface::name).contains("lo", "ext0");
        assertThat(host.sysctls().ipForwardSetting().given()).isTrue();
        assertThat(host.sysctls().ipForward()).isTrue();
        assertThat(host.routeLookup(io.nflint.ir.Ip.v4(8, 8, 8, 8)))
                .hasValueSatisfying(r -> assertThat(r.gateway()).hasToString("198.51.100.2"));
        assertThat(host.networks()).isNotEmpty();
        // the corpus has no ip-link.json: kinds are inferred and the model says so
        assertThat(host.assumptions()).extracting(Assumption::file).contains("ip-link.json")
                .doesNotContain("sysctl.txt", "ip-addr.json", "ip-route.json", "ipset.save", "ss-listen.txt");
        // every bridge a port hangs off is a bridge, every container's network is known
        for (BridgePort p : host.bridgePorts()) {
            assertThat(host.iface(p.bridge())).hasValueSatisfying(i -> assertThat(i.kind()).isEqualTo(InterfaceKind.BRIDGE));
            assertThat(host.hairpin(p.name())).isPresent();
        }
        for (ContainerInfo c : host.containers()) {
            for (ContainerEndpoint e : c.endpoints()) {
                if (!c.hostNetwork()) {
                    assertThat(host.network(e.network())).as(c.name() + " on " + e.network()).isPresent();
                }
            }
        }
        // the extras the generator writes are reported as ignored, not failed on
        assertThat(bundle.ignored()).extracting(p -> p.getFileName().toString()).contains("scenario.md");
        List<String> names = bundle.files().values().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).doesNotContain("scenario.md", "ground-truth.json");
    }
}
