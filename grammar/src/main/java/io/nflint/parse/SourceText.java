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

    static SourceText decode(byte[] bytes) {
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf;
        int start = bom ? 3 : 0;
        String text;
        int invalidLine = 0;
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            text = strict.decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
            invalidLine = firstInvalidLine(bytes, start);
        }
        return new SourceText(split(text), bom, invalidLine);
    }

    private static int firstInvalidLine(byte[] bytes, int start) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int lineStart = start;
        for (int i = start; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    d.reset();
                    d.decode(ByteBuffer.wrap(bytes, lineStart, i - lineStart));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                lineStart = i + 1;
            }
        }
        return 0;
    }

    private static List<Line> split(String text) {
        List<Line> out = new ArrayList<>();
        int n = text.length();
        int lineStart = 0;
        int number = 1;
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) == '\n') {
                boolean cr = i > lineStart && text.charAt(i - 1) == '\r';
                out.add(new Line(number++, text.substring(lineStart, cr ? i - 1 : i), lineStart, cr));
                lineStart = i + 1;
            }
        }
        if (lineStart < n) {
            boolean cr = text.charAt(n - 1) == '\r';
            out.add(new Line(number, text.substring(lineStart, cr ? n - 1 : n), lineStart, cr));
        }
        return out;
    }

}
