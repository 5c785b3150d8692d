package io.nflint.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftSet;
import io.nflint.ir.nft.NftTable;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import org.junit.jupiter.api.Test;

/**
 * What spans underline: a declaration from its keyword through its name, an element from its key
 * through its data, and never past the end of the line a block or set starts on.
 */
class NftSpansTest {

    private static final String TEXT = String.join("\n",
            "table inet filter {",
            "\tset blocked {",
            "\t\ttype ipv4_addr",
            "\t\telements = { 192.0.2.1, 192.0.2.7 }",
            "\t}",
            "\tmap ports {",
            "\t\ttype inet_service : verdict",
            "\t\telements = { 22 : jump ssh, 80 : accept }",
            "\t}",
            "\tchain input {",
            "\t\ttype filter hook input priority filter; policy drop;",
            "\t\ttcp dport {",
            "\t\t\t22, 80 } accept",
            "\t}",
            "\tchain ssh {",
            "\t}",
            "}",
            "add chain inet filter later",
            "");

    private static String underlined(SourceSpan s) {
        String line = TEXT.split("\n", -1)[s.line() - 1];
        return line.substring(s.column() - 1, Math.min(line.length(), s.endColumn() - 1));
    }

    private static NftTable table() {
        NftRuleset rs = NftTextParser.parse("t.nft", TEXT, null, NftParseOptions.defaults());
        assertThat(rs.diagnostics()).isEmpty();
        return rs.tables().get(0);
    }

    @Test
    void declarationsSpanTheirKeywordAndName() {
        NftTable t = table();
        assertThat(underlined(t.span())).isEqualTo("table inet filter");
        assertThat(underlined(t.chain("input").orElseThrow().span())).isEqualTo("chain input");
        assertThat(underlined(t.chain("later").orElseThrow().span())).isEqualTo("chain inet filter later");
        NftSet blocked = t.set("blocked").orElseThrow();
        assertThat(underlined(blocked.span())).isEqualTo("set blocked");
        assertThat(underlined(t.set("ports").orElseThrow().span())).isEqualTo("map ports");
    }

    @Test
    void elementsSpanKeyAndData() {
        NftTable t = table();
        assertThat(t.set("ports").orElseThrow().elements()).extracting(e -> underlined(e.span()))
                .containsExactly("22 : jump ssh", "80 : accept");
        assertThat(t.set("blocked").orElseThrow().elements()).extracting(e -> underlined(e.span()))
                .containsExactly("192.0.2.1", "192.0.2.7");
    }

    @Test
    void aRuleOverSeveralLinesIsUnderlinedOnItsFirstLine() {
        NftChain input = table().chain("input").orElseThrow();
        SourceSpan rule = input.rules().get(0).span();
        assertThat(rule.line()).isEqualTo(12);
        assertThat(underlined(rule)).isEqualTo("tcp dport {");
        assertThat(rule.endColumn()).isEqualTo("\t\ttcp dport {".length() + 1);
        assertThat(underlined(input.rules().get(0).statements().get(0).span())).isEqualTo("tcp dport {");
    }
}
