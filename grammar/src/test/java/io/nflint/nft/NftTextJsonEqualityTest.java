package io.nflint.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.nft.NftIrText;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.json.NftJsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** For every ruleset nft 1.0.6 loaded, its `nft list ruleset` text and its `nft -j` JSON give equal IR. */
class NftTextJsonEqualityTest {

    static Stream<NftCorpus.Entry> pairs() {
        List<NftCorpus.Entry> all = NftCorpus.manifest();
        List<NftCorpus.Entry> pairs = all.stream().filter(e -> e.kind().equals("canonical-json") && e.loaded()).toList();
        assertThat(pairs).as("the corpus has text/JSON pairs").hasSizeGreaterThan(100);
        return pairs.stream();
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void textAndJsonGiveEqualIr(NftCorpus.Entry json) throws IOException {
        Path jsonPath = json.path();
        Path text = jsonPath.resolveSibling(jsonPath.getFileName().toString().replaceFirst("\\.json$", ".canonical.nft"));
        NftRuleset fromText = NftCorpus.parse(text);
        NftRuleset fromJson = NftJsonReader.read(jsonPath.getFileName().toString(), Files.readAllBytes(jsonPath));
        assertThat(fromText.diagnostics()).as("text diagnostics").isEmpty();
        assertThat(fromJson.diagnostics()).as("JSON diagnostics").isEmpty();
        String textIr = asNft106JsonPrints(NftIrText.of(fromText));
        String jsonIr = asNft106JsonPrints(NftIrText.of(fromJson));
        String dump = System.getProperty("nft.eq.dump");
        if (dump != null && !textIr.equals(jsonIr)) {
            Files.createDirectories(Path.of(dump));
            Files.writeString(Path.of(dump, json.file().replace('/', '_') + ".text"), textIr);
            Files.writeString(Path.of(dump, json.file().replace('/', '_') + ".json"), jsonIr);
        }
        assertThat(jsonIr).isEqualTo(textIr);
    }

    /**
     * What nft 1.0.6's JSON output loses (checked on the corpus, not nflint's choice): the devices of
     * netdev/ingress base chains, table flags (it prints the table's name there), a set's
     * {@code dynamic} flag and sub-second timeouts. Both sides are compared without them.
     */
    private static String asNft106JsonPrints(String ir) {
        return ir.replaceAll("devices=\\[[^\\]]*\\]", "devices=[]")
                .replaceAll("(NftTable\\(family=\\w+ name=\\S+ flags=)\\[[^\\]]*\\]", "$1[]")
                .replace("flags=[dynamic, ", "flags=[").replace("flags=[dynamic]", "flags=[]").replace(", dynamic]", "]")
                .replaceAll("timeoutMs=(\\d+)\\d{3}", "timeoutMs=$1000");
    }
}
