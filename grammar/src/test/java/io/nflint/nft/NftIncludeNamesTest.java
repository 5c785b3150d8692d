package io.nflint.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An include whose name no file system accepts ends in a positioned error, never an exception (found by the fuzzer). */
class NftIncludeNamesTest {

    @TempDir
    Path dir;

    private NftRuleset parse(String text) {
        return NftTextParser.parse("main.nft", text, dir, NftParseOptions.defaults());
    }

    @Test
    void nulByteInTheNameIsAPositionedError() {
        NftRuleset rs = parse("table ip t {\n}\ninclude \"a\0b\"\n");
        assertThat(rs.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(ParseDiagnostic.Kind.SYNTAX);
            assertThat(d.message()).isEqualTo("cannot include \"a\\x00b\": the file name contains a NUL byte");
            assertThat(d.span().line()).isEqualTo(3);
        });
    }

    @Test
    void globThatJavaCannotCompileIsReadAsGlob3Would() throws Exception {
        // glob(3) takes an unclosed '[' literally; the file of that name is included
        Files.writeString(dir.resolve("x[1"), "table inet f {\n}\n");
        NftRuleset rs = parse("include \"x[1\"\n");
        assertThat(rs.diagnostics()).isEmpty();
        assertThat(rs.tables()).hasSize(1);
        assertThat(parse("include \"y[1*\"\n").diagnostics()).isEmpty();
    }

    @Test
    void controlCharactersInAMissingNameArePrintedEscaped() {
        NftRuleset rs = parse("include \"no\u0001such\"\n");
        assertThat(rs.diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.message()).startsWith("File not found: no\\x01such "));
    }
}
