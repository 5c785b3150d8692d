package io.nflint.host;

import io.nflint.ir.Ip;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of a one-dimension IPv4 {@code hash:ip}, {@code hash:net} or {@code bitmap:ip} set
 * whose lines carry nothing but the element: an ipset save of several gigabytes holds tens of millions
 * of them, which as objects do not fit a default heap. Each is an interval of primitives (first, last,
 * prefix length), sorted by first address, with the running maximum of the last addresses, so a
 * lookup is a binary search. {@link #get} gives an {@link IpSetEntry} back, with its text as
 * {@code ipset save} prints it (only entries whose text is that are packed).
 */
final class PackedAddressEntries extends AbstractList<IpSetEntry> {

    /** Bytes per entry: first and last address, the running maximum of last, and the prefix length. */
    static final int BYTES_PER_ENTRY = 4 + 4 + 4 + 1;

    /** Addresses are kept with the sign bit flipped, so signed int order is address order. */
    private int[] first;
    private int[] last;
    private byte[] prefix;
    private int[] maxLast;
    private int size;
    private boolean sorted;

    PackedAddressEntries() {
        first = new int[16];
        last = new int[16];
        prefix = new byte[16];
    }

    /** Packs {@code part} when {@code raw} is its canonical text; false (nothing added) otherwise. */
    boolean add(String raw, SetPart.Addr part) {
        if (part.first().v6() || !raw.equals(text(part.first().v4Value(), part.last().v4Value(), part.prefixLen()))) {
            return false;
        }
        if (size == first.length) {
            int n = size + (size >> 1);
            first = Arrays.copyOf(first, n);
            last = Arrays.copyOf(last, n);
            prefix = Arrays.copyOf(prefix, n);
        }
        first[size] = part.first().v4Value() ^ Integer.MIN_VALUE;
        last[size] = part.last().v4Value() ^ Integer.MIN_VALUE;
        prefix[size] = (byte) part.prefixLen();
        size++;
        return true;
    }

    /** Sorts the entries and trims the arrays; the list is read-only after. */
    PackedAddressEntries freeze() {
        long[] keyed = new long[size];
        for (int i = 0; i < size; i++) {
            // first address in the high half, the original position in the low: one primitive sort
            keyed[i] = (long) first[i] << 32 | i;
        }
        Arrays.sort(keyed);
        int[] f = new int[size];
        int[] l = new int[size];
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            int from = (int) keyed[i];
            f[i] = first[from];
            l[i] = last[from];
            p[i] = prefix[from];
        }
        first = f;
        last = l;
        prefix = p;
        maxLast = new int[size];
        for (int i = 0; i < size; i++) {
            maxLast[i] = i == 0 ? last[i] : Math.max(maxLast[i - 1], last[i]);
        }
        sorted = true;
        return this;
    }

    /** Whether an entry holds {@code addr} (an IPv4 address): the last entry starting at or below it reaches it. */
    boolean contains(Ip addr) {
        int a = addr.v4Value() ^ Integer.MIN_VALUE;
        int lo = 0;
        int hi = size - 1;
        int at = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (first[mid] <= a) {
                at = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return at >= 0 && maxLast[at] >= a;
    }

    /** The memory the entries take, by this class's own accounting. */
    long bytes() {
        return (long) size * BYTES_PER_ENTRY;
    }

    @Override
    public IpSetEntry get(int i) {
        if (!sorted || i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        int f = first[i] ^ Integer.MIN_VALUE;
        int l = last[i] ^ Integer.MIN_VALUE;
        SetPart.Addr part = new SetPart.Addr(Ip.v4(f), Ip.v4(l), prefix[i]);
        return new IpSetEntry(text(f, l, prefix[i]), List.of(part), false, List.of());
    }

    @Override
    public int size() {
        return size;
    }

    /** {@code a.b.c.d}, {@code a.b.c.d/N} or {@code a-b}, as ipset save prints an entry of these sets. */
    private static String text(int first, int last, int prefixLen) {
        if (prefixLen == 32 && first == last) {
            return Ip.v4(first).toString();
        }
        int mask = prefixLen == 0 ? 0 : -1 << (32 - prefixLen);
        if (prefixLen >= 0 && prefixLen <= 32 && (first & ~mask) == 0 && last == (first | ~mask)) {
            return Ip.v4(first) + "/" + prefixLen;
        }
        return Ip.v4(first) + "-" + Ip.v4(last);
    }
}
