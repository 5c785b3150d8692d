package io.nflint.symbolic.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.Sort;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabulary of one analysis: the Z3 context, the fields of the packet that arrives (the input
 * header, marks, conntrack state), and three functions the rules cannot settle alone: whether an
 * address is local, which interface a destination routes out of, and an interface's own address
 * (for MASQUERADE and REDIRECT). Without a host model they are uninterpreted (the answer holds for
 * any host); a view {@link #withHost} defines them from the host's addresses and routes. Unknown
 * matches become fresh booleans recorded with the module and line they stand for.
 *
 * <p>A bridged frame has three more interfaces: {@code input.inIf()} is the bridge port it came
 * in on, {@link #physOut} the port it leaves by and {@link #bridge} the bridge (what iptables'
 * {@code -i}/{@code -o} see). Views on the bridged path make physdev matches exact, and views for
 * ebtables rules read {@code -i}/{@code -o} as ports.
 */
public final class Encoding {

    public static final int NONE = 0;
    public static final int ACCEPT = 1;
    static final int DROP = 2;
    static final int REJECT = 3;
    static final int UNKNOWN = 4;
    public static final String[] VERDICT_NAMES = {"NONE", "ACCEPT", "DROP", "REJECT", "UNKNOWN"};

    /** conntrack states as the ct variable numbers them; UNTRACKED only after NOTRACK. */
    public static final String[] CT_NAMES = {"INVALID", "NEW", "ESTABLISHED", "RELATED", "UNTRACKED"};
    public static final int CT_NEW = 1;
    static final int CT_RELATED = 3;
    static final int CT_UNTRACKED = 4;

    public final Context ctx;
    public final boolean v6;
    final int addrBits;
    public final Interfaces ifaces;
    public final Header input;
    public final BitVecExpr mark;
    public final BitVecExpr connmark;
    public final BitVecExpr ct;
    /** The packet travels its connection's REPLY direction; a NEW packet never does (it opened the connection). */
    final BoolExpr ctReply;
    public final FuncDecl<?> isLocal;
    public final FuncDecl<?> route;
    public final FuncDecl<?> ifaceAddr;
    /** route_localnet on an interface: open without a host model, as the walker's made-up host may set it. */
    public final FuncDecl<?> routeLocalnet;
    public final BitVecExpr bridge;
    public final BitVecExpr physOut;
    /** The host's facts for this family, or null: local addresses and routes are then uninterpreted. */
    final HostFacts host;
    /** On the bridged path: the frame carries bridge ports (physdev matches them). */
    public final boolean bridgedPath;
    /** The rules walked are ebtables': {@code -i}/{@code -o} name bridge ports. */
    final boolean bridgeFamily;
    /** Constraints every input satisfies (interface ids in range, a conntrack state). */
    public final List<BoolExpr> axioms;
    /** How NAT range choices are picked for witnesses the concrete walker replays (preferred, not required). */
    public final List<BoolExpr> natPreferences;
    private final Map<String, String> unknownOrigins;

    Encoding(Context ctx, boolean v6, Interfaces ifaces) {
        this.ctx = ctx;
        this.v6 = v6;
        this.addrBits = v6 ? 128 : 32;
        this.ifaces = ifaces;
        this.axioms = new ArrayList<>();
        this.natPreferences = new ArrayList<>();
        this.unknownOrigins = new LinkedHashMap<>();
        this.host = null;
        this.bridgedPath = false;
        this.bridgeFamily = false;
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
        routeLocalnet = ctx.mkFuncDecl("route_localnet", new Sort[] {iface}, ctx.mkBoolSort());
        bridge = bv("bridge", ib);
        physOut = bv("physout", ib);
        axioms.add(ule(input.inIf(), ifaces.count() - 1));
        axioms.add(ule(input.outIf(), ifaces.count() - 1));
        axioms.add(ule(bridge, ifaces.count() - 1));
        axioms.add(ule(physOut, ifaces.count() - 1));
        axioms.add(ule(ct, CT_NAMES.length - 2));
        ctReply = ctx.mkBoolConst("ct_reply");
        axioms.add(ctx.mkImplies(ctx.mkEq(ct, num(CT_NEW, 3)), ctx.mkNot(ctReply)));
    }

    /** The same variables, axioms and unknowns, read through another host and path. */
    private Encoding(Encoding base, HostFacts host, boolean bridgedPath, boolean bridgeFamily) {
        this.ctx = base.ctx;
        this.v6 = base.v6;
        this.addrBits = base.addrBits;
        this.ifaces = base.ifaces;
        this.input = base.input;
        this.mark = base.mark;
        this.connmark = base.connmark;
        this.ct = base.ct;
        this.ctReply = base.ctReply;
        this.isLocal = base.isLocal;
        this.route = base.route;
        this.ifaceAddr = base.ifaceAddr;
        this.routeLocalnet = base.routeLocalnet;
        this.bridge = base.bridge;
        this.physOut = base.physOut;
        this.axioms = base.axioms;
        this.natPreferences = base.natPreferences;
        this.unknownOrigins = base.unknownOrigins;
        this.host = host;
        this.bridgedPath = bridgedPath;
        this.bridgeFamily = bridgeFamily;
    }

    /** This encoding with local addresses, routes and interface addresses from {@code facts} (null: uninterpreted). */
    public Encoding withHost(HostFacts facts) {
        return new Encoding(this, facts, bridgedPath, bridgeFamily);
    }

    /** This encoding for walks on the bridged path; {@code ebtables} for the bridge family's rules. */
    public Encoding onBridgedPath(boolean ebtables) {
        return new Encoding(this, host, true, ebtables);
    }

    BitVecExpr bv(String name, int bits) {
        return ctx.mkBVConst(name, bits);
    }

    public BitVecNum num(long v, int bits) {
        return ctx.mkBV(v, bits);
    }

    public BitVecNum addr(Ip ip) {
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

    public BoolExpr inRange(BitVecExpr x, long lo, long hi) {
        int w = x.getSortSize();
        if (lo == hi) {
            return ctx.mkEq(x, num(lo, w));
        }
        return ctx.mkAnd(ctx.mkBVUGE(x, num(lo, w)), ctx.mkBVULE(x, num(hi, w)));
    }

    public BoolExpr inRange(BitVecExpr x, Ip lo, Ip hi) {
        if (lo.equals(hi)) {
            return ctx.mkEq(x, addr(lo));
        }
        return ctx.mkAnd(ctx.mkBVUGE(x, addr(lo)), ctx.mkBVULE(x, addr(hi)));
    }

    public BoolExpr and(BoolExpr a, BoolExpr b) {
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

    public BoolExpr or(BoolExpr a, BoolExpr b) {
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

    public BoolExpr not(BoolExpr a) {
        return a.isTrue() ? ctx.mkFalse() : a.isFalse() ? ctx.mkTrue() : ctx.mkNot(a);
    }

    @SuppressWarnings("unchecked")
    public <T extends Expr<?>> T ite(BoolExpr c, T then, T otherwise) {
        if (c.isTrue()) {
            return then;
        }
        if (c.isFalse() || then.equals(otherwise)) {
            return otherwise;
        }
        return (T) ctx.mkITE(c, then, otherwise);
    }

    /** An address of this host (addrtype LOCAL): loopback always, the rest from the host or uninterpreted. */
    BoolExpr isLocal(BitVecExpr address) {
        // 127.0.0.0/8 and ::1 are local on every Linux host; which other addresses are is the host's business
        BoolExpr loopback = v6 ? ctx.mkEq(address, ctx.mkBV(1, 128))
                : ctx.mkEq(ctx.mkBVAND(address, num(0xff000000L, 32)), num(0x7f000000L, 32));
        if (host == null) {
            return or(loopback, assumedLocal(address));
        }
        BoolExpr known = inAny(address, host.local());
        if (!host.localKnown()) {
            known = or(known, assumedLocal(address));
        }
        return or(loopback, known);
    }

    /**
     * An address the host may own when nothing says which it owns. Never 0.0.0.0/8, 255.255.255.255
     * or multicast: __inet_dev_addr_type answers BROADCAST or MULTICAST for those before it looks at
     * the local table, and IPv6 never types a multicast address LOCAL.
     */
    private BoolExpr assumedLocal(BitVecExpr address) {
        BoolExpr never = v6 ? multicast(address)
                : or(or(in8(address, 0), ctx.mkEq(address, num(0xffffffffL, 32))), multicast(address));
        return and(not(never), (BoolExpr) isLocal.apply(address));
    }

    /**
     * Whether the input routing decision delivers to the host: a local address, limited broadcast,
     * multicast (the walker's model: no multicast routing, every group joined) and, with a host
     * model, its subnets' broadcast addresses. Martians are ruled out separately ({@link #martian}).
     */
    public BoolExpr routesLocal(BitVecExpr address) {
        return or(isLocal(address), broadcastOrMulticast(address));
    }

    /**
     * Whether the routing decision may forward a packet to this destination: not one it delivers,
     * except multicast on a host that routes multicast (mc_forwarding, set while a multicast routing
     * daemon runs, as on the TUM routers whose FORWARD chains filter 224.0.0.0/4). A bare dump does
     * not say, so without a host model multicast may be forwarded too; a host bundle's host does not
     * route multicast. Only rule logic asks: "never matched" must not be claimed for such rules.
     */
    BoolExpr forwardable(BitVecExpr address) {
        BoolExpr unicastOut = not(routesLocal(address));
        if (host != null) {
            return unicastOut;
        }
        return or(unicastOut, and(multicast(address), ctx.mkBoolConst("mc_forwarding")));
    }

    /** Limited broadcast, multicast and (with a host model) the subnets' broadcast addresses. */
    private BoolExpr broadcastOrMulticast(BitVecExpr address) {
        if (v6) {
            return multicast(address);
        }
        BoolExpr special = or(ctx.mkEq(address, num(0xffffffffL, 32)), multicast(address));
        if (host != null) {
            for (Ip b : host.broadcasts()) {
                special = or(special, ctx.mkEq(address, addr(b)));
            }
        }
        return special;
    }

    /**
     * Where a bridged frame's destination keeps it off the bridged path: a local address, and with
     * a host model also broadcast and multicast destinations.
     */
    BoolExpr bridgeStops(BitVecExpr address) {
        return host == null ? isLocal(address) : routesLocal(address);
    }

    /** 224.0.0.0/4 or ff00::/8. */
    BoolExpr multicast(BitVecExpr address) {
        return v6 ? ctx.mkEq(ctx.mkExtract(127, 120, address), num(0xff, 8))
                : ctx.mkEq(ctx.mkExtract(31, 28, address), num(0xe, 4));
    }

    private BoolExpr in8(BitVecExpr address, int top) {
        return ctx.mkEq(ctx.mkExtract(31, 24, address), num(top, 8));
    }

    /**
     * Whether the IPv4 input routing decision drops a packet with this (translated) header as a
     * martian, as ip_route_input_slow and ip_mc_validate_source do: a multicast or limited
     * broadcast source; a 0.0.0.0/8 source (except to limited broadcast, and to multicast only
     * link-local groups or IGMP) or destination (except to limited broadcast); a 127.0.0.0/8
     * source or destination without route_localnet on the interface. Packets on loopback keep the
     * route their sender's output routing gave them. IPv6 martians never reach PREROUTING
     * ({@link #martianOnArrival}).
     */
    BoolExpr martian(Header h) {
        if (v6) {
            return ctx.mkFalse();
        }
        BitVecExpr src = h.src();
        BitVecExpr dst = h.dst();
        BoolExpr localnet = localnet(h.inIf());
        BoolExpr dstMc = multicast(dst);
        BoolExpr dstLb = ctx.mkEq(dst, num(0xffffffffL, 32));
        BoolExpr badSrc = or(multicast(src), ctx.mkEq(src, num(0xffffffffL, 32)));
        BoolExpr loop = and(or(in8(src, 127), in8(dst, 127)), not(localnet));
        BoolExpr zeroToGroup = and(in8(src, 0), and(not(inRange(dst, 0xe0000000L, 0xe00000ffL)),
                not(ctx.mkEq(h.proto(), num(2, 8)))));
        BoolExpr zero = ite(dstMc, zeroToGroup, and(not(dstLb), or(in8(src, 0), in8(dst, 0))));
        BoolExpr any = or(badSrc, or(loop, zero));
        return and(not(loopback(h.inIf())), any);
    }

    /**
     * Whether IPv4 output routing refuses a locally generated packet's source (the sender gets
     * EINVAL, no packet exists): multicast, limited broadcast or 0.0.0.0/8 other than 0.0.0.0
     * ("pick one"), or 127.0.0.0/8 leaving by {@code out} when that is not lo ({@link #localOnlyLeaving}).
     */
    BoolExpr outputMartian(BitVecExpr src, BitVecExpr out) {
        if (v6) {
            return ctx.mkFalse();
        }
        BoolExpr zero = and(in8(src, 0), not(ctx.mkEq(src, num(0, 32))));
        BoolExpr bad = or(or(multicast(src), ctx.mkEq(src, num(0xffffffffL, 32))), zero);
        return or(bad, localOnlyLeaving(src, out));
    }

    /** A 127.0.0.0/8 source leaving by a non-loopback interface without route_localnet there. */
    BoolExpr localOnlyLeaving(BitVecExpr src, BitVecExpr out) {
        if (v6) {
            return ctx.mkFalse();
        }
        return and(in8(src, 127), and(not(loopback(out)), not(localnet(out))));
    }

    /**
     * Whether ip6_rcv_core drops an IPv6 packet arriving on a non-loopback interface before
     * PREROUTING: ::1 as source or destination, a multicast source, or a multicast destination of
     * interface-local or reserved scope (ff00::/16, ff01::/16 and the other flag values). False for IPv4.
     */
    BoolExpr martianOnArrival(Header h) {
        if (!v6) {
            return ctx.mkFalse();
        }
        BitVecExpr one = ctx.mkBV(1, 128);
        BoolExpr scope01 = and(multicast(h.dst()), ctx.mkBVULE(ctx.mkExtract(115, 112, h.dst()), num(1, 4)));
        BoolExpr any = or(or(ctx.mkEq(h.src(), one), ctx.mkEq(h.dst(), one)), or(multicast(h.src()), scope01));
        return and(not(loopback(h.inIf())), any);
    }

    /** Whether {@code iface} is lo; never when no rule or host names lo (no packet arrives on it then). */
    BoolExpr loopback(BitVecExpr iface) {
        BoolExpr lo = ctx.mkFalse();
        for (int id : ifaces.matching("lo")) {
            lo = or(lo, ctx.mkEq(iface, num(id, ifaces.bits())));
        }
        return lo;
    }

    /** route_localnet on an interface: the host's setting (conf.all or the device's), else open. */
    BoolExpr localnet(BitVecExpr iface) {
        if (host == null) {
            return (BoolExpr) routeLocalnet.apply(iface);
        }
        BoolExpr on = host.routeLocalnetAll() ? ctx.mkTrue() : ctx.mkFalse();
        for (String name : host.routeLocalnet()) {
            on = or(on, ctx.mkEq(iface, num(ifaces.id(name), ifaces.bits())));
        }
        return on;
    }

    /**
     * The interface a destination routes out of: with a host model (and its route file) the longest
     * matching main-table route, lo for local addresses, NONE (the kernel drops) for no route or a
     * blackhole/unreachable/prohibit one.
     */
    public BitVecExpr route(BitVecExpr address) {
        if (host == null) {
            return (BitVecExpr) route.apply(address);
        }
        if (!host.routesKnown()) {
            // the local table comes first whatever the main table holds
            return ite(isLocal(address), num(ifaces.id("lo"), ifaces.bits()), hostInterfaceOrNone((BitVecExpr) route.apply(address)));
        }
        BitVecExpr out = routeCache.get(address);
        if (out == null) {
            out = search(address, 0, host.intervals().ends.size() - 1);
            routeCache.put(address, out);
        }
        return ite(isLocal(address), num(ifaces.id("lo"), ifaces.bits()), out);
    }

    /**
     * A route left open on a host model (no route file, or more routes than are encoded) still leaves
     * by one of the host's own interfaces, or by none: never a name the host does not have, nor lo
     * (which carries only the host's own addresses, routed by the local table).
     */
    private BitVecExpr hostInterfaceOrNone(BitVecExpr out) {
        BitVecNum none = num(Interfaces.NONE, ifaces.bits());
        BoolExpr own = ctx.mkEq(out, none);
        java.util.Set<String> ports = new java.util.HashSet<>();
        host.bridges().values().forEach(ports::addAll);
        for (String name : new java.util.TreeSet<>(host.interfaceNames())) {
            if (!ports.contains(name) && !"lo".equals(name)) {
                own = or(own, ctx.mkEq(out, num(ifaces.id(name), ifaces.bits())));
            }
        }
        return ite(own, out, none);
    }

    /** The interval search per address term: the walks of one query route the same few terms many times. */
    private final Map<Expr<?>, BitVecExpr> routeCache = new java.util.HashMap<>();

    /** A balanced search over intervals {@code lo..hi}: depth log n, one comparison with a constant per inner node. */
    private BitVecExpr search(BitVecExpr address, int lo, int hi) {
        if (lo == hi) {
            String dev = host.intervals().devices.get(lo);
            return num(dev == null ? Interfaces.NONE : ifaces.id(dev), ifaces.bits());
        }
        int mid = (lo + hi) >>> 1;
        return ite(ctx.mkBVULE(address, addr(host.intervals().ends.get(mid))), search(address, lo, mid), search(address, mid + 1, hi));
    }

    /** Whether a packet arrived on one of the host's bridges and its destination is on that bridge's link (it is bridged, not routed). */
    BoolExpr onArrivalBridge(Header h, BitVecExpr out) {
        if (host == null) {
            return ctx.mkFalse();
        }
        BoolExpr any = ctx.mkFalse();
        for (String bridge : new java.util.TreeSet<>(host.bridges().keySet())) {
            BitVecNum b = num(ifaces.id(bridge), ifaces.bits());
            any = or(any, and(ctx.mkEq(h.inIf(), b), ctx.mkEq(out, b)));
        }
        return any;
    }

    /**
     * Whether a packet arriving on a host bridge goes back to the address it came from, behind the
     * same port, out of that bridge ({@code out}) on a port without hairpin mode: the bridge drops
     * it before routing, as the walker does. False without a host model (no bridge is known).
     */
    BoolExpr hairpinDrop(Header h, BitVecExpr out) {
        if (host == null) {
            return ctx.mkFalse();
        }
        BoolExpr any = ctx.mkFalse();
        for (Map.Entry<String, BridgeHairpin> e : new java.util.TreeMap<>(host.hairpins()).entrySet()) {
            BitVecNum b = num(ifaces.id(e.getKey()), ifaces.bits());
            BoolExpr off = ctx.mkFalse();
            for (Ip a : e.getValue().droppingAddresses()) {
                off = or(off, ctx.mkEq(h.src(), addr(a)));
            }
            if (e.getValue().others()) {
                // hairpin on for ports the host does not name: only the named ones that are off drop
            } else {
                BoolExpr named = ctx.mkFalse();
                for (Ip a : new java.util.TreeSet<>(e.getValue().known().keySet())) {
                    named = or(named, ctx.mkEq(h.src(), addr(a)));
                }
                off = or(off, not(named));
            }
            any = or(any, and(and(ctx.mkEq(h.inIf(), b), ctx.mkEq(out, b)), and(ctx.mkEq(h.src(), h.dst()), off)));
        }
        return any;
    }

    /** An interface's primary address from the host model, else uninterpreted. */
    BitVecExpr ifaceAddr(BitVecExpr iface) {
        BitVecExpr out = (BitVecExpr) ifaceAddr.apply(iface);
        if (host == null) {
            return out;
        }
        for (Map.Entry<String, Ip> e : host.primary().entrySet()) {
            out = ite(ctx.mkEq(iface, num(ifaces.id(e.getKey()), ifaces.bits())), addr(e.getValue()), out);
        }
        return out;
    }

    BoolExpr inNet(BitVecExpr address, IpNet n) {
        if (n.v6() != v6) {
            return ctx.mkFalse();
        }
        if (n.isAny()) {
            return ctx.mkTrue();
        }
        return inRange(address, n.first(), n.last());
    }

    private BoolExpr inAny(BitVecExpr address, List<IpNet> nets) {
        BoolExpr any = ctx.mkFalse();
        for (IpNet n : nets) {
            any = or(any, inNet(address, n));
        }
        return any;
    }

    /** A fresh boolean for one evaluation of a match nflint cannot decide; {@code origin} names it. */
    BoolExpr unknown(String name, String origin) {
        unknownOrigins.putIfAbsent(name, origin);
        return ctx.mkBoolConst(name);
    }

    /** The module and line of each unknown that occurs in {@code e}. */
    public List<String> originsIn(Expr<?> e) {
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

    public Ip ip(BigInteger value) {
        if (!v6) {
            return Ip.v4(value.intValue());
        }
        return new Ip(true, value.shiftRight(64).longValue(), value.longValue());
    }
}
