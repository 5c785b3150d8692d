package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The container checks (NFL2xx–NFL5xx) on a host whose engine writes iptables rules and on the same
 * host with the engine on nftables: each samples/checks/NFLxxx-name.rules that has an .nft twin (the
 * same host in Docker 29's nftables shapes) must get the same container check IDs, and the fixed
 * twins of both none.
 */
class NftContainerParityTest {

    static List<Path> pairs() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.samples())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".nft")
                    && Files.exists(p.resolveSibling(p.getFileName().toString().replaceFirst("\\.nft$", ".rules")))).sorted()
                    .toList();
        }
    }

    static Set<String> containerIds(List<Finding> findings) {
        Set<String> ids = new TreeSet<>();
        for (Finding f : findings) {
            if (f.id().compareTo("NFL200") >= 0 && f.id().compareTo("NFL600") < 0) {
                ids.add(f.id());
            }
        }
        return ids;
    }

    @Test
    void bothShapesOfABugAndOfItsFixAreThere() throws IOException {
        List<String> names = pairs().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains("NFL301-published-port-dropped.nft", "NFL301-published-port-dropped.fixed.nft",
                "NFL308-published-port-bypasses-input.nft", "NFL308-published-port-bypasses-input.fixed.nft");
    }

    @TestFactory
    Stream<DynamicTest> sameContainerChecksFireOnTheIptablesAndTheNftShape() throws IOException {
        return pairs().stream().map(nft -> DynamicTest.dynamicTest(nft.getFileName().toString(), () -> {
            String name = nft.getFileName().toString();
            String rulesName = name.replaceFirst("\\.nft$", ".rules");
            Path rules = nft.resolveSibling(rulesName);
            Set<String> onIptables = containerIds(TestPaths.check("samples/checks/" + rulesName, Files.readAllBytes(rules)));
            Set<String> onNft = containerIds(NftSampleChecksTest.check(nft, "samples/checks/" + name));
            assertThat(onNft).as("container checks on %s vs %s", name, rulesName).isEqualTo(onIptables);
            if (name.endsWith(".fixed.nft")) {
                assertThat(onNft).as("fixed twin %s", name).isEmpty();
            } else {
                assertThat(onNft).as("%s", name).contains(name.substring(0, 6));
            }
        }));
    }
}
