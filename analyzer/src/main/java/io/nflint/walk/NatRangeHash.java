package io.nflint.walk;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;

/**
 * The address the kernel picks from a NAT address range for a new connection: nf_nat_core's
 * find_best_ips_proto, a jhash2 of the tuple's source address (seeded with the destination's last
 * word and conntrack zone 0, or with 0 for {@code --persistent}) scaled onto the range word by
 * word. It depends on the addresses only, never on ports or on earlier connections, so it is exact
 * for every connection whose tuple does not clash with another one's.
 */
final class NatRangeHash {

    private static final int JHASH_INITVAL = 0xdeadbeef;

    private NatRangeHash() {
    }

    /**
     * @param src       the tuple's source address when the rule runs (after any DNAT for SNAT)
     * @param dst       the tuple's destination address when the rule runs
     * @param forSource SNAT (the source is rewritten) rather than DNAT
     */
    static Ip pick(AddressRange range, Ip src, Ip dst, boolean persistent, boolean forSource) {
        if (range.from().equals(range.to())) {
            return range.from();
        }
        int words = src.v6() ? 4 : 1;
        int[] srcWords = words(src);
        int[] dstWords = words(dst);
        int[] min = words(range.from());
        int[] max = words(range.to());
        int j = jhash2(raw(srcWords), persistent ? 0 : Integer.reverseBytes(dstWords[words - 1]));
        int[] out = forSource ? srcWords.clone() : dstWords.clone();
        boolean fullRange = false;
        for (int i = 0; i < words; i++) {
            int lo;
            int dist;
            if (!fullRange) {
                lo = min[i];
                dist = max[i] - min[i] + 1;
            } else {
                lo = 0;
                dist = ~0;
            }
            out[i] = lo + reciprocalScale(j, dist);
            if (out[i] != max[i]) {
                fullRange = true;
            }
            if (!persistent) {
                // for DNAT the destination word was just rewritten: the kernel reads the new one
                j ^= Integer.reverseBytes(forSource ? dstWords[i] : out[i]);
            }
        }
        return address(out, src.v6());
    }

    /** The address as host-order 32-bit words (what ntohl gives), one for IPv4, four for IPv6. */
    private static int[] words(Ip ip) {
        if (!ip.v6()) {
            return new int[] {ip.v4Value()};
        }
        return new int[] {(int) (ip.hi() >>> 32), (int) ip.hi(), (int) (ip.lo() >>> 32), (int) ip.lo()};
    }

    private static Ip address(int[] w, boolean v6) {
        if (!v6) {
            return Ip.v4(w[0]);
        }
        return new Ip(true, ((long) w[0] << 32) | (w[1] & 0xffffffffL), ((long) w[2] << 32) | (w[3] & 0xffffffffL));
    }

    /** union nf_inet_addr as the u32 words jhash2 reads on a little-endian machine (IPv4: one word, then zeros). */
    private static int[] raw(int[] hostOrder) {
        int[] k = new int[4];
        for (int i = 0; i < hostOrder.length; i++) {
            k[i] = Integer.reverseBytes(hostOrder[i]);
        }
        return k;
    }

    static int reciprocalScale(int value, int range) {
        return (int) (((value & 0xffffffffL) * (range & 0xffffffffL)) >>> 32);
    }

    /** Bob Jenkins' lookup3 as include/linux/jhash.h has it, for a key of four words. */
    static int jhash2(int[] k, int initval) {
        int a = JHASH_INITVAL + (4 << 2) + initval;
        int b = a;
        int c = a;
        a += k[0];
        b += k[1];
        c += k[2];
        a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
        b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
        c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
        a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
        b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
        c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        a += k[3];
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }
}
