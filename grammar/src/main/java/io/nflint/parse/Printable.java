package io.nflint.parse;

/**
 * Text from an input as a message can show it: control characters (C0, DEL, C1) and U+FFFD as
 * {@code \xNN}, cut with an ellipsis. Used by the dump parser and by nft's include messages.
 */
public final class Printable {

    private Printable() {
    }

    /** The first 60 characters: a token or a line quoted in a message. */
    public static String of(String s) {
        return of(s, 60);
    }

    public static String of(String s, int max) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (int i = 0; i < s.length() && n < max; i++, n++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\ufffd') {
                sb.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                sb.append(c);
            }
        }
        return n == max && s.length() > max ? sb + "…" : sb.toString();
    }
}
