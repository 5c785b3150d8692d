package io.nflint.ir;

/** An inclusive port range; a single port has {@code lo == hi}. */
public record PortRange(int lo, int hi) {

    public static final PortRange ANY = new PortRange(0, 65535);

    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    public boolean contains(int port) {
        return port >= lo && port <= hi;
    }

    public boolean contains(PortRange other) {
        return other.lo >= lo && other.hi <= hi;
    }

    public boolean isAny() {
        return lo == 0 && hi == 65535;
    }

    public int size() {
        return hi - lo + 1;
    }

    @Override
    public String toString() {
        return lo == hi ? Integer.toString(lo) : lo + ":" + hi;
    }
}
