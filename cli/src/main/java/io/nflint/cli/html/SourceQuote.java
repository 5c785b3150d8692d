package io.nflint.cli.html;

import static io.nflint.cli.html.HtmlText.esc;

/** A finding's source line with its span marked, as the text output underlines it with {@code ^~~~}. */
final class SourceQuote {

    private SourceQuote() {
    }

    static String gutter(int line, int width) {
        String n = String.valueOf(line);
        return "<span class=\"gut\">" + " ".repeat(Math.max(0, width - n.length())) + n + " | </span>";
    }

    /** Columns are code points, 1-based, end exclusive, clipped to the line; an empty span marks one character. */
    static String marked(String line, int column, int endColumn) {
        int[] cps = line.codePoints().toArray();
        int start = Math.max(0, Math.min(column - 1, cps.length));
        int end = Math.max(start + 1, Math.min(endColumn - 1, cps.length));
        end = Math.min(end, cps.length);
        return esc(new String(cps, 0, start)) + "<mark>" + esc(new String(cps, start, end - start)) + "</mark>"
                + esc(new String(cps, end, cps.length - end));
    }
}
