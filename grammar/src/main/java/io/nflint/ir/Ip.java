package io.nflint.ir;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address as two 64-bit halves, so that comparison and masking stay cheap and
 * records that hold addresses keep value equality. IPv4 lives in the low 32 bits of {@code lo}.
 */
public record Ip(boolean v6, long hi, long lo) implements Comparable<Ip> {

    public static Ip v4(int value) {
        return new Ip(false, 0, value & 0xffffffffL);
    }

    public static Ip v4(int a, int b, int c, int d) {
        return v4((a << 24) | (b << 16) | (c << 8) | d);
    }

    public int bits() {
        return v6 ? 128 : 32;
    }

    public int v4Value() {
        return (int) lo;
    }

    /** Parses a literal address (no brackets, no prefix); empty when it is not one. */
    public static Optional<Ip> parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        return parseV4(text);
    }

    /** Dotted quad of ASCII decimal octets, as inet_pton takes them (no other digits, no shorthand). */
    public static Optional<Ip> parseV4(String text) {
        long value = 0;
        int parts = 0;
        int octet = 0;
        int digits = 0;
        for (int i = 0, n = text.length(); i <= n; i++) {
            char c = i < n ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || octet > 255 || ++parts > 4) {
                    return Optional.empty();
                }
                value = (value << 8) | octet;
                octet = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                octet = octet * 10 + (c - '0');
                digits++;
            } else {
                return Optional.empty();
            }
        }
        return parts == 4 ? Optional.of(new Ip(false, 0, value)) : Optional.empty();
    }

    public static Optional<Ip> parseV6(String text) {
        if (text.isEmpty() || text.chars().anyMatch(c -> !(Character.digit(c, 16) >= 0 || c == ':' || c == '.'))) {
            return Optional.empty();
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return Optional.empty();
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head);
        int[] tailGroups = groups(tail);
        if (headGroups == null || tailGroups == null) {
            return Optional.empty();
        }
        int total = headGroups.length + tailGroups.length;
        if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
            return Optional.empty();
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | all[i];
            lo = (lo << 16) | all[i + 4];
        }
        return Optional.of(new Ip(true, hi, lo));
    }

    /** Splits colon groups; an embedded IPv4 tail counts as two groups. Null when malformed. */
    private static int[] groups(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] raw = part.split(":", -1);
        int extra = raw[raw.length - 1].contains(".") ? 1 : 0;
        int[] out = new int[raw.length + extra];
        for (int i = 0; i < raw.length; i++) {
            String g = raw[i];
            if (g.contains(".")) {
                if (i != raw.length - 1) {
                    return null;
                }
                Optional<Ip> v4 = parseV4(g);
                if (v4.isEmpty()) {
                    return null;
                }
                int value = v4.get().v4Value();
                out[i] = (value >>> 16) & 0xffff;
                out[i + 1] = value & 0xffff;
                continue;
            }
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
            out[i] = Integer.parseInt(g, 16);
        }
        return out;
    }

    public Ip and(Ip mask) {
        return new Ip(v6, hi & mask.hi, lo & mask.lo);
    }

    /** The all-ones-then-zeros mask of the given length in this address's family. */
    public static Ip mask(boolean v6, int length) {
        if (!v6) {
            long m = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
            return new Ip(false, 0, m);
        }
        long hi = length <= 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
        long lo = length <= 64 ? 0 : length >= 128 ? -1L : -1L << (128 - length);
        return new Ip(true, hi, lo);
    }

    /** Prefix length when this is a contiguous mask, else -1. */
    public int maskLength() {
        if (!v6) {
            int m = (int) lo;
            int len = Integer.bitCount(m);
            return m == (len == 0 ? 0 : -1 << (32 - len)) ? len : -1;
        }
        int len = Long.bitCount(hi) + Long.bitCount(lo);
        return this.equals(mask(true, len)) ? len : -1;
    }

    public Ip plus(long delta) {
        if (!v6) {
            return new Ip(false, 0, (lo + delta) & 0xffffffffL);
        }
        long nlo = lo + delta;
        long nhi = hi + (Long.compareUnsigned(nlo, lo) < 0 && delta > 0 ? 1 : 0)
                - (Long.compareUnsigned(nlo, lo) > 0 && delta < 0 ? 1 : 0);
        return new Ip(true, nhi, nlo);
    }

    @Override
    public int compareTo(Ip o) {
        if (v6 != o.v6) {
            return v6 ? 1 : -1;
        }
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        if (!v6) {
            int v = (int) lo;
            return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        // RFC 5952: compress the longest run (length >= 2) of zero groups
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
