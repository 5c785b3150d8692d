package io.nflint.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines, their offsets in the decoded text, CR before LF, a byte order mark and invalid UTF-8. */
class SourceTextTest {

    private static SourceText of(String s) {
        return SourceText.decode(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesOffsetsAndTerminators() {
        SourceText t = of("*filter\r\n:INPUT ACCEPT\n\nCOMMIT");
        assertThat(t.lines).containsExactly(
                new SourceText.Line(1, "*filter", 0, true),
                new SourceText.Line(2, ":INPUT ACCEPT", 9, false),
                new SourceText.Line(3, "", 23, false),
                new SourceText.Line(4, "COMMIT", 24, false));
        assertThat(t.bom).isFalse();
        assertThat(t.invalidUtf8Line).isZero();
        assertThat(of("").lines).isEmpty();
        assertThat(of("a\n").lines).containsExactly(new SourceText.Line(1, "a", 0, false));
        assertThat(of("a\r").lines).containsExactly(new SourceText.Line(1, "a", 0, true));
    }

    @Test
    void offsetsCountCharactersOfDecodedNonAsciiLines() {
        // "é" is two bytes and one character; "𝄞" four bytes and two characters
        SourceText t = of("-A X -m comment --comment \"é𝄞\"\n-A Y\n");
        assertThat(t.lines.get(0).text()).isEqualTo("-A X -m comment --comment \"é𝄞\"");
        assertThat(t.lines.get(1).offset()).isEqualTo(t.lines.get(0).text().length() + 1);
    }

    @Test
    void byteOrderMarkIsSkippedAndRemembered() {
        byte[] b = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '*', 'n', 'a', 't', '\n'};
        SourceText t = SourceText.decode(b);
        assertThat(t.bom).isTrue();
        assertThat(t.lines).containsExactly(new SourceText.Line(1, "*nat", 0, false));
    }

    @Test
    void invalidUtf8IsReplacedAndItsFirstLineRemembered() {
        byte[] b = {'a', '\n', 'b', (byte) 0xc3, '\r', '\n', (byte) 0xff, '\n'};
        SourceText t = SourceText.decode(b);
        assertThat(t.invalidUtf8Line).isEqualTo(2);
        List<SourceText.Line> l = t.lines;
        assertThat(l.get(1)).isEqualTo(new SourceText.Line(2, "b\ufffd", 2, true));
        assertThat(l.get(2)).isEqualTo(new SourceText.Line(3, "\ufffd", 6, false));
    }
}
