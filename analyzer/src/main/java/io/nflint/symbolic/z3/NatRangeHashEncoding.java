package io.nflint.symbolic.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.Context;
import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;

/**
 * The address the kernel picks from a NAT address range (nf_nat_core's find_best_ips_proto: jhash2
 * of the source address seeded with the destination's last word, scaled onto the range word by
 * word) as a bit-vector term over the symbolic source and destination: the same function the
 * concrete walker computes ({@code io.nflint.walk.NatRangeHash}), so a witness that prefers it
 * replays. Only a preference: the choice itself stays free within the range ("may").
 */
final class NatRangeHashEncoding {

    private static final long JHASH_INITVAL = 0xdeadbeefL;

    private final Context ctx;

    NatRangeHashEncoding(Context ctx) {
        this.ctx = ctx;
    }

    /** {@code src}/{@code dst}: the tuple's addresses when the rule runs, 32 or 128 bits, host order. */
    BitVecExpr pick(AddressRange range, BitVecExpr src, BitVecExpr dst, boolean persistent, boolean forSource) {
        boolean v6 = src.getSortSize() == 128;
        int words = v6 ? 4 : 1;
        BitVecExpr[] s = words(src, words);
        BitVecExpr[] d = words(dst, words);
        long[] min = words(range.from());
        long[] max = words(range.to());
        BitVecExpr zero = num(0);
        BitVecExpr[] key = {raw(s[0]), words > 1 ? raw(s[1]) : zero, words > 2 ? raw(s[2]) : zero, words > 3 ? raw(s[3]) : zero};
        BitVecExpr j = jhash2(key, persistent ? zero : raw(d[words - 1]));
        BitVecExpr[] out = forSource ? s.clone() : d.clone();
        // full_range depends on the values picked so far: track it as a term
        com.microsoft.z3.BoolExpr fullRange = ctx.mkFalse();
        for (int i = 0; i < words; i++) {
            BitVecExpr lo = (BitVecExpr) ctx.mkITE(fullRange, num(0), num(min[i]));
            BitVecExpr dist = (BitVecExpr) ctx.mkITE(fullRange, num(0xffffffffL), num((max[i] - min[i] + 1) & 0xffffffffL));
            out[i] = ctx.mkBVAdd(lo, scale(j, dist));
            fullRange = ctx.mkOr(fullRange, ctx.mkNot(ctx.mkEq(out[i], num(max[i]))));
            if (!persistent) {
                j = ctx.mkBVXOR(j, raw(forSource ? d[i] : out[i]));
            }
        }
        BitVecExpr r = out[0];
        for (int i = 1; i < words; i++) {
            r = ctx.mkConcat(r, out[i]);
        }
        return r;
    }

    private BitVecExpr num(long v) {
        return ctx.mkBV(v & 0xffffffffL, 32);
    }

    private BitVecExpr[] words(BitVecExpr a, int words) {
        BitVecExpr[] w = new BitVecExpr[words];
        int bits = a.getSortSize();
        for (int i = 0; i < words; i++) {
            w[i] = ctx.mkExtract(bits - 1 - 32 * i, bits - 32 - 32 * i, a);
        }
        return w;
    }

    private static long[] words(Ip ip) {
        if (!ip.v6()) {
            return new long[] {ip.v4Value() & 0xffffffffL};
        }
        return new long[] {ip.hi() >>> 32, ip.hi() & 0xffffffffL, ip.lo() >>> 32, ip.lo() & 0xffffffffL};
    }

    /** The word as a little-endian machine reads the address's bytes (htonl, then a u32 load). */
    private BitVecExpr raw(BitVecExpr w) {
        return ctx.mkConcat(ctx.mkConcat(ctx.mkExtract(7, 0, w), ctx.mkExtract(15, 8, w)),
                ctx.mkConcat(ctx.mkExtract(23, 16, w), ctx.mkExtract(31, 24, w)));
    }

    private BitVecExpr scale(BitVecExpr j, BitVecExpr dist) {
        BitVecExpr wide = ctx.mkBVMul(ctx.mkZeroExt(32, j), ctx.mkZeroExt(32, dist));
        return ctx.mkExtract(63, 32, wide);
    }

    private BitVecExpr rol(BitVecExpr x, int k) {
        return ctx.mkBVRotateLeft(k, x);
    }

    private BitVecExpr jhash2(BitVecExpr[] k, BitVecExpr initval) {
        BitVecExpr a = ctx.mkBVAdd(num(JHASH_INITVAL + 16), initval);
        BitVecExpr b = a;
        BitVecExpr c = a;
        a = ctx.mkBVAdd(a, k[0]);
        b = ctx.mkBVAdd(b, k[1]);
        c = ctx.mkBVAdd(c, k[2]);
        // __jhash_mix
        a = ctx.mkBVSub(a, c); a = ctx.mkBVXOR(a, rol(c, 4)); c = ctx.mkBVAdd(c, b);
        b = ctx.mkBVSub(b, a); b = ctx.mkBVXOR(b, rol(a, 6)); a = ctx.mkBVAdd(a, c);
        c = ctx.mkBVSub(c, b); c = ctx.mkBVXOR(c, rol(b, 8)); b = ctx.mkBVAdd(b, a);
        a = ctx.mkBVSub(a, c); a = ctx.mkBVXOR(a, rol(c, 16)); c = ctx.mkBVAdd(c, b);
        b = ctx.mkBVSub(b, a); b = ctx.mkBVXOR(b, rol(a, 19)); a = ctx.mkBVAdd(a, c);
        c = ctx.mkBVSub(c, b); c = ctx.mkBVXOR(c, rol(b, 4)); b = ctx.mkBVAdd(b, a);
        a = ctx.mkBVAdd(a, k[3]);
        // __jhash_final
        c = ctx.mkBVXOR(c, b); c = ctx.mkBVSub(c, rol(b, 14));
        a = ctx.mkBVXOR(a, c); a = ctx.mkBVSub(a, rol(c, 11));
        b = ctx.mkBVXOR(b, a); b = ctx.mkBVSub(b, rol(a, 25));
        c = ctx.mkBVXOR(c, b); c = ctx.mkBVSub(c, rol(b, 16));
        a = ctx.mkBVXOR(a, c); a = ctx.mkBVSub(a, rol(c, 4));
        b = ctx.mkBVXOR(b, a); b = ctx.mkBVSub(b, rol(a, 14));
        c = ctx.mkBVXOR(c, b); c = ctx.mkBVSub(c, rol(b, 24));
        return c;
    }
}
