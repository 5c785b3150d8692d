package io.nflint.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A dump's text split into lines, remembering what iptables-restore would trip over: a byte order
 * mark, CR before LF, invalid UTF-8 (restore reads bytes, so that alone is harmless).
 */
final class SourceText {

    /** One line without its terminator; {@code offset} is where it starts in the decoded text. */
    record Line(int number, String text, int offset, boolean crlf) {
    }

    final List<Line> lines;
    final boolean bom;
    /** 1-based line of the first invalid UTF-8 sequence, or 0. */
    final int invalidUtf8Line;

    private SourceText(List<Line> lines, boolean bom, int invalidUtf8Line) {
        this.lines = lines;
        this.bom = bom;
        this.invalidUtf8Line = invalidUtf8Line;
    }

    /**
     * Splits the bytes at LF and decodes line by line: ASCII lines (all of a generated dump) are
     * copied as Latin-1, the others decoded as UTF-8. A line terminator is ASCII and never part of a
     * multi-byte sequence, so this gives the text decoding the whole file would, at a fraction of
     * the cost on 100k-line dumps.
     */
    static SourceText decode(byte[] bytes) {
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf;
        int start = bom ? 3 : 0;
        List<Line> out = new ArrayList<>(Math.max(16, (bytes.length - start) / 64));
        CharsetDecoder strict = null;
        int invalidLine = 0;
        int offset = 0;
        int number = 1;
        int lineStart = start;
        int n = bytes.length;
        while (lineStart < n) {
            int end = lineStart;
            boolean ascii = true;
            while (end < n && bytes[end] != '\n') {
                ascii &= bytes[end] >= 0;
                end++;
            }
            boolean cr = end > lineStart && bytes[end - 1] == '\r';
            int stop = cr ? end - 1 : end;
            String text;
            if (ascii) {
                text = new String(bytes, lineStart, stop - lineStart, StandardCharsets.ISO_8859_1);
            } else {
                if (strict == null) {
                    strict = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
                }
                try {
                    text = strict.reset().decode(ByteBuffer.wrap(bytes, lineStart, stop - lineStart)).toString();
                } catch (CharacterCodingException e) {
                    // restore reads bytes, so this alone is harmless: keep going with U+FFFD
                    text = new String(bytes, lineStart, stop - lineStart, StandardCharsets.UTF_8);
                    if (invalidLine == 0) {
                        invalidLine = number;
                    }
                }
            }
            out.add(new Line(number++, text, offset, cr));
            offset += text.length() + (cr ? 1 : 0) + (end < n ? 1 : 0);
            lineStart = end + 1;
        }
        return new SourceText(out, bom, invalidLine);
    }
}
