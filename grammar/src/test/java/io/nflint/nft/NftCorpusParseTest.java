package io.nflint.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.nft.NftRuleset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The nft corpus through the text parser, held to nft 1.0.6's recorded verdicts. */
class NftCorpusParseTest {

    static Stream<NftCorpus.Entry> loaded() {
        List<NftCorpus.Entry> l = NftCorpus.manifest().stream()
                .filter(e -> e.loaded() && !e.file().endsWith(".json") && !e.kind().equals("include-fragment"))
                .toList();
        assertThat(l).hasSizeGreaterThan(200);
        return l.stream();
    }

    @ParameterizedTest
    @MethodSource("loaded")
    void whatNftLoadsParsesWithoutDiagnostics(NftCorpus.Entry e) {
        NftRuleset rs = NftCorpus.parse(e);
        assertThat(rs.diagnostics()).isEmpty();
        if (!e.kind().equals("canonical") && !e.notes().contains("empty")) {
            assertThat(rs.tables()).as("a loaded file declares something").isNotEmpty();
        }
    }

    /** Bad inputs whose mistake is in the syntax: the first diagnostic is where nft put its first error. */
    static Stream<String> syntaxMistakes() {
        return Stream.of("crlf-line-endings", "missing-closing-brace", "missing-semicolon-in-chain-header",
                "truncated-mid-rule", "typo-keyword-polcy", "undefined-variable", "unterminated-string");
    }

    private static final Pattern WHERE = Pattern.compile("^[^:]+:(\\d+):(\\d+)-\\d+: Error: (.*?) \\|");

    @ParameterizedTest
    @MethodSource("syntaxMistakes")
    void syntaxMistakesAreReportedWhereNftReportsThem(String name) {
        NftCorpus.Entry e = NftCorpus.manifest().stream().filter(x -> x.file().equals("bad-inputs/" + name + ".nft"))
                .findFirst().orElseThrow();
        Matcher m = WHERE.matcher(e.message());
        assertThat(m.find()).as(e.message()).isTrue();
        NftRuleset rs = NftCorpus.parse(e);
        assertThat(rs.diagnostics()).isNotEmpty();
        ParseDiagnostic first = rs.diagnostics().get(0);
        assertThat(first.span().line()).as(first.toString()).isEqualTo(Integer.parseInt(m.group(1)));
        if (!name.equals("unterminated-string")) {
            // nft's column for an unterminated string is an artefact of its scanner (columns run on
            // across the swallowed lines); everywhere else the column is the token's
            assertThat(first.span().column()).as(first.toString()).isEqualTo(Integer.parseInt(m.group(2)));
            String nftWords = m.group(3).replaceFirst(",.*", "");
            assertThat(first.message()).as("nft said: " + m.group(3)).startsWith(nftWords);
        }
    }
}
