package io.nflint.host;

/** An inclusive port range; a single port has {@code lo == hi}. */
public record PortRange(int lo, int hi) {

    public PortRange {
        if (lo < 0 || hi > 65535 || lo > hi) {
            throw new IllegalArgumentException("bad port range " + lo + "-" + hi);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    /** Parses {@code 80} or {@code 8000-8010}; null when malformed. */
    static PortRange parse(String text) {
        try {
            int dash = text.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(text.substring(dash + 1));
            return lo < 0 || hi > 65535 || lo > hi ? null : new PortRange(lo, hi);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean contains(int port) {
        return port >= lo && port <= hi;
    }

    public int size() {
        return hi - lo + 1;
    }

    @Override
    public String toString() {
        return lo == hi ? Integer.toString(lo) : lo + "-" + hi;
    }
}
