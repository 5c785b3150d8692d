package io.nflint.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftTable;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Owners are told from what the rules do (the IR), never from words in a rule's text or comment. */
class NftEnginesTest {

    private static final Path NFT = Path.of(System.getProperty("nflint.shared", "../../shared"), "corpus", "nft");

    private static NftTable table(String text, String name) {
        NftRuleset rs = NftTextParser.parse("t.nft", text, null, NftParseOptions.defaults());
        assertThat(rs.diagnostics()).isEmpty();
        return rs.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static NftTable corpus(String file, String name) throws IOException {
        NftRuleset rs = NftTextParser.parse(file, Files.readString(NFT.resolve(file)), null, NftParseOptions.defaults());
        return rs.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void kubeProxyByItsMarkAndServiceMaps() throws IOException {
        assertThat(NftEngines.owner(corpus("kubernetes/proxier_test__baseRules.canonical.nft", "kube-proxy")))
                .isEqualTo(NftEngines.Owner.KUBE_PROXY);
        assertThat(NftEngines.owner(table("""
                table ip t {
                  chain m { meta mark set meta mark or 0x00004000 }
                }
                """, "t"))).isEqualTo(NftEngines.Owner.KUBE_PROXY);
    }

    @Test
    void dockerByInterfaceDispatchAndNat() throws IOException {
        assertThat(NftEngines.owner(corpus("moby/TestNftabler__hairpin-false_internal-false_icc-true_masq-true_snat-false_gwm-nat_bindlh-false__ip.nft", "docker-bridges")))
                .isEqualTo(NftEngines.Owner.CONTAINER_ENGINE);
    }

    @Test
    void firewalldByItsReversePathTest() {
        assertThat(NftEngines.owner(table("""
                table inet fw {
                  chain pre { type filter hook prerouting priority -290; policy accept;
                    fib saddr . iif oif missing drop
                  }
                }
                """, "fw"))).isEqualTo(NftEngines.Owner.HOST_FIREWALL);
    }

    @Test
    void wordsInCommentsOrValuesDoNotMakeAnOwner() {
        assertThat(NftEngines.owner(table("""
                table inet admin {
                  chain input { type filter hook input priority 0; policy accept;
                    tcp dport 16384 accept comment "numgen 0x4000 mark oif missing"
                    iifname "numgen" accept
                  }
                }
                """, "admin"))).isEqualTo(NftEngines.Owner.OTHER);
    }
}
