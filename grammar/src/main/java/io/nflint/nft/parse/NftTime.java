package io.nflint.nft.parse;

/** nft time values ({@code 1h30m}, {@code 10s}, {@code 500ms}, a bare number of seconds) in milliseconds. */
final class NftTime {

    private NftTime() {
    }

    static long millis(String text) {
        if (text.matches("\\d+")) {
            return Long.parseLong(text) * 1000;
        }
        long total = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|d|h|m|s)").matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new NumberFormatException("bad time " + text);
            }
            long n = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "d" -> n * 86_400_000L;
                case "h" -> n * 3_600_000L;
                case "m" -> n * 60_000L;
                case "s" -> n * 1000L;
                default -> n;
            };
            end = m.end();
        }
        if (end != text.length()) {
            throw new NumberFormatException("bad time " + text);
        }
        return total;
    }
}
