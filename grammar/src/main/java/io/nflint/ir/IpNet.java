package io.nflint.ir;

import java.util.Optional;

/**
 * An address with a mask, as iptables keeps {@code -s}/{@code -d}: the mask need not be contiguous
 * (iptables accepts {@code 10.0.0.0/255.0.255.0}), so it is stored as a mask, not a length.
 */
public record IpNet(Ip address, Ip mask) {

    public IpNet {
        address = address.and(mask);
    }

    public static IpNet of(Ip address, int length) {
        return new IpNet(address, Ip.mask(address.v6(), length));
    }

    public static IpNet host(Ip address) {
        return of(address, address.bits());
    }

    public static IpNet any(boolean v6) {
        return of(v6 ? new Ip(true, 0, 0) : Ip.v4(0), 0);
    }

    public boolean v6() {
        return address.v6();
    }

    /** Prefix length, or -1 for a non-contiguous mask. */
    public int length() {
        return mask.maskLength();
    }

    public boolean isAny() {
        return mask.hi() == 0 && mask.lo() == 0;
    }

    public boolean contains(Ip ip) {
        return ip.v6() == address.v6() && ip.and(mask).equals(address);
    }

    /** True when every address of {@code other} is in this net. */
    public boolean contains(IpNet other) {
        return other.v6() == v6()
                && other.mask.and(mask).equals(mask)
                && other.address.and(mask).equals(address);
    }

    public boolean overlaps(IpNet other) {
        if (other.v6() != v6()) {
            return false;
        }
        Ip common = mask.and(other.mask);
        return address.and(common).equals(other.address.and(common));
    }

    /** Parses {@code addr}, {@code addr/len} or {@code addr/dotted-mask}; empty when malformed. */
    public static Optional<IpNet> parse(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        Optional<Ip> ip = Ip.parse(addr);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        if (slash < 0) {
            return Optional.of(host(ip.get()));
        }
        String m = text.substring(slash + 1);
        if (!m.isEmpty() && m.chars().allMatch(Character::isDigit) && m.length() <= 3) {
            int len = Integer.parseInt(m);
            if (len > ip.get().bits()) {
                return Optional.empty();
            }
            return Optional.of(of(ip.get(), len));
        }
        Optional<Ip> mask = Ip.parse(m);
        if (mask.isEmpty() || mask.get().v6() != ip.get().v6()) {
            return Optional.empty();
        }
        return Optional.of(new IpNet(ip.get(), mask.get()));
    }

    /** The lowest and highest address in the net (for contiguous masks, the network and broadcast). */
    public Ip first() {
        return address;
    }

    public Ip last() {
        return new Ip(v6(), address.hi() | ~mask.hi() & (v6() ? -1L : 0), address.lo() | (~mask.lo() & (v6() ? -1L : 0xffffffffL)));
    }

    @Override
    public String toString() {
        int len = length();
        return address + "/" + (len >= 0 ? Integer.toString(len) : mask.toString());
    }
}
