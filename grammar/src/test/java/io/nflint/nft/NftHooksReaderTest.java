package io.nflint.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.nft.NftHook;
import io.nflint.ir.nft.NftHooks;
import io.nflint.nft.hooks.NftHooksReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code nft list hooks} as nft prints it, and a positioned error at the first line that is not. */
class NftHooksReaderTest {

    private static final String LISTING = String.join("\n",
            "family ip {",
            "\thook prerouting {",
            "\t\t-0000000400 ipv4_conntrack_defrag [nf_defrag_ipv4]",
            "\t\t-0000000300 chain ip raw PREROUTING [nf_tables]",
            "\t}",
            "\thook input {",
            "\t\t 0000000000 chain inet filter input [nf_tables]",
            "\t\t+2147483647 ipv4_confirm [nf_conntrack]",
            "\t}",
            "}",
            "family netdev {",
            "\thook ingress device eth0 {",
            "\t\t-0000000500 chain netdev edge ingress",
            "\t}",
            "}",
            "");

    @Test
    void readsEntriesWithFamilyHookDevicePriorityAndOwner() {
        NftHooks h = NftHooksReader.read("nft-hooks.txt", LISTING);
        assertThat(h.diagnostics()).isEmpty();
        assertThat(h.hooks()).hasSize(5);
        NftHook defrag = h.hooks().get(0);
        assertThat(defrag.kind()).isEqualTo("function");
        assertThat(defrag.name()).isEqualTo("ipv4_conntrack_defrag");
        assertThat(defrag.priority()).isEqualTo(-400);
        assertThat(defrag.module()).contains("nf_defrag_ipv4");
        NftHook input = h.hooks().get(2);
        assertThat(input.isNftObject()).isTrue();
        assertThat(input.objectFamily() + " " + input.table() + " " + input.name()).isEqualTo("inet filter input");
        assertThat(input.hook()).isEqualTo("input");
        assertThat(input.span().line()).isEqualTo(7);
        assertThat(h.hooks().get(3).priority()).isEqualTo(Integer.MAX_VALUE);
        NftHook ingress = h.hooks().get(4);
        assertThat(ingress.device()).contains("eth0");
        assertThat(ingress.module()).isEqualTo(Optional.empty());
    }

    @Test
    void garbageIsAnErrorAtItsLine() {
        NftHooks h = NftHooksReader.read("nft-hooks.txt", "family ip {\n\thook input {\n\t\tsomething odd here\n\t}\n}\n");
        assertThat(h.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.span().line()).isEqualTo(3);
            assertThat(d.span().column()).isEqualTo(3);
            assertThat(d.message()).contains("expected 'PRIORITY chain FAMILY TABLE CHAIN'");
        });
        assertThat(NftHooksReader.read("h", "table inet filter {\n").diagnostics().get(0).span().line()).isEqualTo(1);
        assertThat(NftHooksReader.read("h", "family ip {\n\thook input {\n").diagnostics().get(0).message())
                .contains("ends inside a hook block");
        assertThat(NftHooksReader.read("h", "family ip {\n\thook input {\n\t\t99999999999 x\n").diagnostics().get(0).message())
                .contains("out of range");
        assertThat(NftHooksReader.read("h", "").diagnostics()).isEmpty();
    }
}
