package io.nflint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.Ruleset;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real dump in the shared corpus parses without a syntax error or a malformed value. */
class CorpusParseTest {

    /**
     * Corpus files that iptables-restore itself rejects (checked with iptables-restore --test in a
     * throw-away namespace), with the error nflint must report instead of a clean parse.
     */
    private static final Map<String, String> KNOWN_INVALID = Map.of(
            // a web page wrapped its lines at column 204 ('192.16   8.1.1:22'): restore says Bad argument `8.1.1:22'
            "iptables/net-network/found_online__openwrt.org__iptables-save-AA.txt.L2-129.rules", "Bad argument `8.1.1:22'",
            // upstream's test of exactly this error: "The -t option cannot be used in iptables-restore"
            "vectors/iptables/shell-testcases/ipt-restore__0009-table-name-comment_0.1.input.rules", "-t cannot be used");

    static Stream<Corpus.Entry> dumps() {
        return Corpus.dumps().stream();
    }

    @Test
    void corpusIsThere() {
        assertThat(Corpus.dumps()).hasSizeGreaterThan(500);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void parsesCleanly(Corpus.Entry entry) throws IOException {
        byte[] bytes = Files.readAllBytes(Corpus.root().resolve(entry.file()));
        Ruleset rs = DumpParser.parse(entry.file(), bytes, ParseOptions.DETECT);
        List<ParseDiagnostic> errors = rs.diagnostics().stream()
                .filter(d -> d.kind() == ParseDiagnostic.Kind.SYNTAX || d.kind() == ParseDiagnostic.Kind.MALFORMED_VALUE)
                .toList();
        String expected = KNOWN_INVALID.get(entry.file());
        if (expected != null) {
            assertThat(errors).as("the known-invalid line of %s is reported", entry.file())
                    .isNotEmpty().first().satisfies(d -> assertThat(d.message()).contains(expected));
            return;
        }
        assertThat(errors).as("errors in %s (%s)", entry.file(), rs.family()).isEmpty();
        long ruleLines = rs.ruleCount();
        assertThat(ruleLines).as("rules in %s", entry.file()).isGreaterThanOrEqualTo(0);
    }
}
