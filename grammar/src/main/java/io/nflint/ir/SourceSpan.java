package io.nflint.ir;

/**
 * Where an element stands in its input. Columns are 1-based code points (a tab counts as one),
 * {@code endColumn} is exclusive; offsets are 0-based char offsets into the whole file.
 */
public record SourceSpan(String file, int line, int column, int endColumn, int startOffset, int stopOffset) {

    public static SourceSpan line(String file, int line, int length, int lineOffset) {
        return new SourceSpan(file, line, 1, length + 1, lineOffset, lineOffset + length);
    }

    /** The smallest span covering both (same line assumed). */
    public SourceSpan to(SourceSpan end) {
        return new SourceSpan(file, line, column, Math.max(endColumn, end.endColumn),
                startOffset, Math.max(stopOffset, end.stopOffset));
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
