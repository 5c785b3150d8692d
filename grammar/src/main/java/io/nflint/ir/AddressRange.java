package io.nflint.ir;

/** An inclusive address range as {@code -m iprange} and NAT targets write it. */
public record AddressRange(Ip from, Ip to) {

    public boolean contains(Ip ip) {
        return ip.v6() == from.v6() && ip.compareTo(from) >= 0 && ip.compareTo(to) <= 0;
    }

    @Override
    public String toString() {
        return from.equals(to) ? from.toString() : from + "-" + to;
    }
}
