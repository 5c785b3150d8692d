package io.nflint.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftIrText;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import io.nflint.nft.json.NftJsonReader;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code jump { … }} and {@code goto { … }}: the rules of a chain bound to a rule are in the IR, from text and JSON alike. */
class NftChainBindingTest {

    private static final Path DIR = Path.of(System.getProperty("nflint.shared", "../shared"))
            .resolve("corpus/nft/nftables-upstream/shell-dumps");

    private static NftRuleset text(String name, String text) {
        NftRuleset rs = NftTextParser.parse(name, text, null, NftParseOptions.defaults());
        assertThat(rs.diagnostics()).isEmpty();
        return rs;
    }

    @Test
    void boundChainsAreChainsOfTheTableThatOnlyTheirRuleReaches() throws Exception {
        NftTable t = text("b.nft", Files.readString(DIR.resolve("chains__0041chain_binding_0.canonical.nft"))).tables().get(0);
        assertThat(t.chains()).extracting(NftChain::name).containsExactly("y", "__chain0", "__chain1");
        NftChain first = t.chain("__chain0").orElseThrow();
        assertThat(first.bound()).isTrue();
        assertThat(first.isBase()).isFalse();
        assertThat(first.rules()).hasSize(2);
        assertThat(first.rules().get(1).text()).isEqualTo("ip6 saddr ::1 counter packets 0 bytes 0 accept");
        assertThat(first.rules().get(1).span().line()).isEqualTo(6);
        assertThat(first.describe()).isEqualTo("the chain bound at line 4");
        List<NftStmt> binding = t.chain("y").orElseThrow().rules().get(0).statements();
        assertThat(binding.get(binding.size() - 1)).isInstanceOfSatisfying(NftStmt.Verdict.class, v -> {
            assertThat(v.kind()).isEqualTo(NftStmt.VerdictKind.JUMP);
            assertThat(v.chain()).contains("__chain0");
        });
        assertThat(binding).noneMatch(s -> s instanceof NftStmt.Unmodelled);
    }

    @Test
    void jsonGivesTheSameBoundChains() throws Exception {
        NftRuleset fromText = text("b.nft", Files.readString(DIR.resolve("chains__0041chain_binding_0.canonical.nft")));
        NftRuleset fromJson = NftJsonReader.read("b.json", Files.readAllBytes(DIR.resolve("chains__0041chain_binding_0.json")));
        assertThat(fromJson.diagnostics()).isEmpty();
        assertThat(fromJson.tables().get(0).chains()).extracting(NftChain::bound).containsExactly(false, true, true);
        assertThat(NftIrText.of(fromJson)).isEqualTo(NftIrText.of(fromText));
        NftRuleset sample = text("s.nft", Files.readString(DIR.resolve("nft-f__sample-ruleset.canonical.nft")));
        // its JSON twin is compared by NftTextJsonEqualityTest, with what nft 1.0.6's JSON loses left out
        assertThat(sample.tables().stream().flatMap(x -> x.chains().stream()).filter(NftChain::bound).count()).isGreaterThan(3);
    }

    @Test
    void nestedBindingsAndGotoAndSemicolons() {
        NftTable t = text("n.nft", String.join("\n",
                "table inet f {",
                "\tchain input {",
                "\t\ttype filter hook input priority filter; policy drop;",
                "\t\ttcp dport 22 goto { ip saddr 192.0.2.0/24 jump { counter; accept }; drop }",
                "\t}",
                "}", "")).tables().get(0);
        NftChain outer = t.chain("__chain1").orElseThrow();
        NftChain inner = t.chain("__chain0").orElseThrow();
        assertThat(outer.rules()).extracting(r -> r.text()).containsExactly("ip saddr 192.0.2.0/24 jump { counter; accept }", "drop");
        assertThat(inner.rules()).extracting(r -> r.text()).containsExactly("counter", "accept");
        assertThat(t.chain("input").orElseThrow().rules().get(0).statements().get(1))
                .isEqualTo(new NftStmt.Verdict(NftStmt.VerdictKind.GOTO, Optional.of("__chain1"),
                        t.chain("input").orElseThrow().rules().get(0).statements().get(1).span()));
    }

    @Test
    void aJsonStringThatIsNoBindingStaysVerbatim() {
        NftRuleset rs = NftJsonReader.read("x.json", ("{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"t\"}},"
                + "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"c\"}},"
                + "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", \"expr\": [\"jump { ??? }\", \"frob\"]}}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(rs.tables().get(0).chain("c").orElseThrow().rules().get(0).statements())
                .allMatch(s -> s instanceof NftStmt.Unmodelled);
        assertThat(rs.tables().get(0).chains()).hasSize(1);
    }
}
