package io.nflint.symbolic;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.Sort;
import io.nflint.ir.Ip;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabulary of one analysis: the Z3 context, the fields of the packet that arrives (the input
 * header, marks, conntrack state), and three uninterpreted functions the rules cannot settle
 * without a host model: whether an address is local, which interface a destination routes out of,
 * and an interface's own address (for MASQUERADE and REDIRECT). Unknown matches become fresh
 * booleans recorded with the module and line they stand for.
 */
final class Encoding {

    static final int NONE = 0;
    static final int ACCEPT = 1;
    static final int DROP = 2;
    static final int REJECT = 3;
    static final int UNKNOWN = 4;
    static final String[] VERDICT_NAMES = {"NONE", "ACCEPT", "DROP", "REJECT", "UNKNOWN"};

    /** conntrack states as the ct variable numbers them; UNTRACKED only after NOTRACK. */
    static final String[] CT_NAMES = {"INVALID", "NEW", "ESTABLISHED", "RELATED", "UNTRACKED"};
    static final int CT_NEW = 1;
    static final int CT_UNTRACKED = 4;

    final Context ctx;
    final boolean v6;
    final int addrBits;
    final Interfaces ifaces;
    final Header input;
    final BitVecExpr mark;
    final BitVecExpr connmark;
    final BitVecExpr ct;
    final FuncDecl<?> isLocal;
    final FuncDecl<?> route;
    final FuncDecl<?> ifaceAddr;
    /** Constraints every input satisfies (interface ids in range, a conntrack state). */
    final List<BoolExpr> axioms = new ArrayList<>();
    /** How NAT range choices are picked for witnesses the concrete walker replays (preferred, not required). */
    final List<BoolExpr> natPreferences = new ArrayList<>();
    private final Map<String, String> unknownOrigins = new LinkedHashMap<>();

    Encoding(Context ctx, boolean v6, Interfaces ifaces) {
        this.ctx = ctx;
        this.v6 = v6;
        this.addrBits = v6 ? 128 : 32;
        this.ifaces = ifaces;
        int ib = ifaces.bits();
        input = new Header(bv("src", addrBits), bv("dst", addrBits), bv("proto", 8), bv("sport", 16), bv("dport", 16),
                bv("icmp_type", 8), bv("icmp_code", 8), bv("tcp_flags", 8), ctx.mkBoolConst("fragment"),
                bv("in_iface", ib), bv("out_iface", ib));
        mark = bv("mark", 32);
        connmark = bv("connmark", 32);
        ct = bv("ctstate", 3);
        Sort addr = ctx.mkBitVecSort(addrBits);
        Sort iface = ctx.mkBitVecSort(ib);
        isLocal = ctx.mkFuncDecl("is_local", new Sort[] {addr}, ctx.mkBoolSort());
        route = ctx.mkFuncDecl("route", new Sort[] {addr}, iface);
        ifaceAddr = ctx.mkFuncDecl("iface_addr", new Sort[] {iface}, addr);
        axioms.add(ule(input.inIf(), ifaces.count() - 1));
        axioms.add(ule(input.outIf(), ifaces.count() - 1));
        axioms.add(ule(ct, CT_NAMES.length - 2));
    }

    BitVecExpr bv(String name, int bits) {
        return ctx.mkBVConst(name, bits);
    }

    BitVecNum num(long v, int bits) {
        return ctx.mkBV(v, bits);
    }

    BitVecNum addr(Ip ip) {
        if (!ip.v6()) {
            return ctx.mkBV(ip.lo() & 0xffffffffL, 32);
        }
        BigInteger hi = new BigInteger(Long.toUnsignedString(ip.hi()));
        BigInteger lo = new BigInteger(Long.toUnsignedString(ip.lo()));
        return ctx.mkBV(hi.shiftLeft(64).or(lo).toString(), 128);
    }

    BoolExpr ule(BitVecExpr x, long v) {
        return ctx.mkBVULE(x, num(v, x.getSortSize()));
    }

    BoolExpr inRange(BitVecExpr x, long lo, long hi) {
        int w = x.getSortSize();
        if (lo == hi) {
            return ctx.mkEq(x, num(lo, w));
        }
        return ctx.mkAnd(ctx.mkBVUGE(x, num(lo, w)), ctx.mkBVULE(x, num(hi, w)));
    }

    BoolExpr inRange(BitVecExpr x, Ip lo, Ip hi) {
        if (lo.equals(hi)) {
            return ctx.mkEq(x, addr(lo));
        }
        return ctx.mkAnd(ctx.mkBVUGE(x, addr(lo)), ctx.mkBVULE(x, addr(hi)));
    }

    BoolExpr and(BoolExpr a, BoolExpr b) {
        if (a.isTrue()) {
            return b;
        }
        if (b.isTrue()) {
            return a;
        }
        if (a.isFalse() || b.isFalse()) {
            return ctx.mkFalse();
        }
        return ctx.mkAnd(a, b);
    }

    BoolExpr or(BoolExpr a, BoolExpr b) {
        if (a.isFalse()) {
            return b;
        }
        if (b.isFalse()) {
            return a;
        }
        if (a.isTrue() || b.isTrue()) {
            return ctx.mkTrue();
        }
        return ctx.mkOr(a, b);
    }

    BoolExpr not(BoolExpr a) {
        return a.isTrue() ? ctx.mkFalse() : a.isFalse() ? ctx.mkTrue() : ctx.mkNot(a);
    }

    @SuppressWarnings("unchecked")
    <T extends Expr<?>> T ite(BoolExpr c, T then, T otherwise) {
        if (c.isTrue()) {
            return then;
        }
        if (c.isFalse() || then.equals(otherwise)) {
            return otherwise;
        }
        return (T) ctx.mkITE(c, then, otherwise);
    }

    BoolExpr isLocal(BitVecExpr address) {
        BoolExpr uf = (BoolExpr) isLocal.apply(address);
        if (v6) {
            return or(ctx.mkEq(address, ctx.mkBV(1, 128)), uf);
        }
        // 127.0.0.0/8 is local on every Linux host; which other addresses are is the host's business
        return or(ctx.mkEq(ctx.mkBVAND(address, num(0xff000000L, 32)), num(0x7f000000L, 32)), uf);
    }

    BitVecExpr route(BitVecExpr address) {
        return (BitVecExpr) route.apply(address);
    }

    BitVecExpr ifaceAddr(BitVecExpr iface) {
        return (BitVecExpr) ifaceAddr.apply(iface);
    }

    /** A fresh boolean for one evaluation of a match nflint cannot decide; {@code origin} names it. */
    BoolExpr unknown(String name, String origin) {
        unknownOrigins.putIfAbsent(name, origin);
        return ctx.mkBoolConst(name);
    }

    /** The module and line of each unknown that occurs in {@code e}. */
    List<String> originsIn(Expr<?> e) {
        List<String> found = new ArrayList<>();
        collect(e, found, new java.util.HashSet<>());
        return found;
    }

    private void collect(Expr<?> e, List<String> found, java.util.Set<Integer> seen) {
        if (!seen.add(e.getId())) {
            return;
        }
        if (e.isConst()) {
            String origin = unknownOrigins.get(symbolName(e));
            if (origin != null && !found.contains(origin)) {
                found.add(origin);
            }
            return;
        }
        if (e.isApp()) {
            for (Expr<?> arg : e.getArgs()) {
                collect(arg, found, seen);
            }
        }
    }

    /** A constant's name as given (Z3 prints names with spaces or bars quoted). */
    static String symbolName(Expr<?> e) {
        com.microsoft.z3.Symbol sym = e.getFuncDecl().getName();
        return sym instanceof com.microsoft.z3.StringSymbol str ? str.getString() : sym.toString();
    }

    Ip ip(BigInteger value) {
        if (!v6) {
            return Ip.v4(value.intValue());
        }
        return new Ip(true, value.shiftRight(64).longValue(), value.longValue());
    }
}
