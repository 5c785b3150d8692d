package io.nflint.cli.html;

/**
 * Escaping for everything the report quotes from its input: rule text, comments, chain and
 * interface names are written by whoever wrote the rules, so none of it may become markup.
 */
final class HtmlText {

    private HtmlText() {
    }

    /** Text or a double- or single-quoted attribute value. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    // control characters other than tab and newline would make the document invalid
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
