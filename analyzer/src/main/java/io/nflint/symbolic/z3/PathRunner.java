package io.nflint.symbolic.z3;

import io.nflint.symbolic.slice.Slice;
import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import io.nflint.pipeline.HookOrder;
import io.nflint.pipeline.HookPlan;
import io.nflint.pipeline.PacketPath;
import io.nflint.pipeline.Stage;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the stages of a {@link HookPlan} path symbolically with one {@link SymbolicWalker}: nat chains only
 * for the first packets of tracked connections (NEW, and RELATED: a connection a conntrack helper
 * such as ftp or sip expects has no NAT binding yet, so nf_nat_inet_fn runs the nat table for it); a drop ends the path; the routing decision sets the out interface from
 * the (translated) destination. The slice is kept in the coordinates of the arriving packet: after a
 * nat stage the fields NAT may have rewritten are widened, so slicing stays exact.
 */
public final class PathRunner {

    /** The end of a run: {@code fate} is the path's verdict, {@code pre} what the path assumes of its packets. */
    public record Run(WalkState end, BitVecExpr fate, BoolExpr pre, BoolExpr local) {
    }

    private final Encoding enc;
    /** The base chains the last bridged run walked, in path order, and which of them were ebtables'. */
    private final List<SiteTree> bridgedTrees = new ArrayList<>();
    private final List<SiteTree> ebtablesTrees = new ArrayList<>();

    /**
     * Whether the nat table sees the packet: the first packet of a tracked connection, NEW or RELATED
     * (an expected connection of a conntrack helper: FTP data, SIP media, …).
     */
    private BoolExpr firstPacket(WalkState st) {
        BitVecExpr ct = enc.ite(st.notrack(), enc.num(Encoding.CT_UNTRACKED, 3), st.ct());
        return enc.or(enc.ctx.mkEq(ct, enc.num(Encoding.CT_NEW, 3)), enc.ctx.mkEq(ct, enc.num(Encoding.CT_RELATED, 3)));
    }

    public PathRunner(Encoding enc) {
        this.enc = enc;
    }

    /** The native nft tables walked with the xtables ones: their base chains join every path in hook order. */
    private NftSymbolicWalker nft;

    public PathRunner withNft(NftSymbolicWalker walker) {
        this.nft = walker;
        return this;
    }

    /** A path's stages: the xtables plan, with the nft base chains placed in it when there are any. */
    private List<Stage> stages(PacketPath path) {
        List<Stage> base = HookPlan.path(path, false);
        return nft == null ? base : nft.pipeline().plan(base, enc.v6);
    }

    public List<SiteTree> bridgedTrees() {
        return bridgedTrees;
    }

    public List<SiteTree> ebtablesTrees() {
        return ebtablesTrees;
    }

    WalkState initial() {
        Header in = enc.input.withOutIf(enc.num(Interfaces.NONE, enc.ifaces.bits()));
        return new WalkState(enc.ctx.mkTrue(), enc.num(Encoding.NONE, 3), enc.mark, enc.connmark, enc.ct,
                enc.ctx.mkFalse(), enc.ctx.mkFalse(), in);
    }

    /**
     * The state a query starting at stage {@code from} of {@code path} begins with: as {@link #initial()},
     * except that a packet whose routing decision lies before {@code from} (locally generated
     * packets past nat OUTPUT) already has an out interface, any valid one.
     */
    public WalkState initial(PacketPath path, int from) {
        WalkState st = initial();
        return routedBefore(stages(path), path, from) ? st.withHeader(st.header().withOutIf(enc.input.outIf()), st.masqueraded()) : st;
    }

    /** What a query starting at stage {@code from} assumes of its packets (see {@link #initial(PacketPath, int)}). */
    public BoolExpr pre(PacketPath path, int from) {
        BoolExpr pre = path == PacketPath.LOCAL_OUT ? localOutPre() : ingressPre();
        return routedBefore(stages(path), path, from) ? enc.and(pre, validOut(enc.input.outIf())) : pre;
    }

    private static boolean routedBefore(List<Stage> stages, PacketPath path, int from) {
        for (int i = 0; i < from && i < stages.size(); i++) {
            if (stages.get(i) instanceof Stage.Route && path != PacketPath.LOCAL_IN) {
                return true;
            }
        }
        return false;
    }

    /**
     * A packet arriving on an interface: with a host model that lists them, one of the host's (not a
     * made-up name); and not one the kernel drops before PREROUTING (IPv6 martians).
     */
    BoolExpr ingressPre() {
        return enc.and(arrivalIface(), enc.not(enc.martianOnArrival(enc.input)));
    }

    private BoolExpr arrivalIface() {
        BoolExpr some = enc.not(enc.ctx.mkEq(enc.input.inIf(), enc.num(Interfaces.NONE, enc.ifaces.bits())));
        if (enc.host == null || !enc.host.localKnown() || enc.host.arrivals().isEmpty()) {
            return some;
        }
        BoolExpr known = enc.ctx.mkFalse();
        for (String name : enc.host.arrivals()) {
            known = enc.or(known, enc.ctx.mkEq(enc.input.inIf(), enc.num(enc.ifaces.id(name), enc.ifaces.bits())));
        }
        return known;
    }

    BoolExpr localOutPre() {
        return enc.ctx.mkEq(enc.input.inIf(), enc.num(Interfaces.NONE, enc.ifaces.bits()));
    }

    /** A path's stages from {@code from} to {@code to} (inclusive), from state {@code st}. */
    public Run run(SymbolicWalker w, PacketPath path, int from, int to, WalkState st, BitVecExpr fate, BoolExpr pre, Slice slice) {
        List<Stage> stages = stages(path);
        // with nft nat chains beside the nat table, the first chain that sets up a mapping wins (nf_nat_inet_fn)
        BoolExpr[] natDone = {enc.ctx.mkFalse(), enc.ctx.mkFalse()};
        for (int i = from; i <= to && i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (s instanceof Stage.NftBase n) {
                int side = HookOrder.natCore(n.hook()) == io.nflint.pipeline.Priorities.NAT_DST ? 0 : 1;
                BoolExpr alive = st.live();
                BoolExpr runs = n.nat() ? enc.and(alive, enc.and(firstPacket(st), enc.not(natDone[side]))) : alive;
                WalkState out = nft.walkBase(n, st.withLive(runs).withVerdict(enc.num(Encoding.NONE, 3)));
                if (n.nat()) {
                    natDone[side] = enc.or(natDone[side], nft.mapped());
                }
                BoolExpr stopped = stopped(alive, out.verdict());
                fate = enc.ite(stopped, out.verdict(), fate);
                st = out.withLive(enc.and(alive, enc.not(stopped)));
                if (n.nat()) {
                    slice = slice.widenRewritten(side == 0);
                }
            } else if (s instanceof Stage.Chain c) {
                if (c.bridgeFamily()) {
                    continue;
                }
                BoolExpr alive = st.live();
                BoolExpr runs = alive;
                int side = HookOrder.natCore(c.hook()) == io.nflint.pipeline.Priorities.NAT_DST ? 0 : 1;
                if (c.natOnly()) {
                    runs = enc.and(alive, nft == null ? firstPacket(st) : enc.and(firstPacket(st), enc.not(natDone[side])));
                }
                int walked = w.trees().size();
                WalkState out = w.walkBase(c.table(), c.hook(), st.withLive(runs).withVerdict(enc.num(Encoding.NONE, 3)), slice);
                if (nft != null && c.natOnly() && w.trees().size() > walked) {
                    natDone[side] = enc.or(natDone[side], w.trees().get(walked).natTaken(enc));
                }
                BoolExpr stopped = stopped(alive, out.verdict());
                fate = enc.ite(stopped, out.verdict(), fate);
                st = out.withLive(enc.and(alive, enc.not(stopped)));
                if (c.natOnly()) {
                    boolean destination = c.hook() == io.nflint.pipeline.Hook.PREROUTING || c.hook() == io.nflint.pipeline.Hook.OUTPUT;
                    slice = slice.widenRewritten(destination);
                }
            } else if (s instanceof Stage.Route || s instanceof Stage.Reroute) {
                Header h = st.header();
                if (path == PacketPath.LOCAL_IN) {
                    pre = enc.and(pre, enc.and(enc.routesLocal(h.dst()), enc.not(enc.martian(h))));
                } else {
                    BitVecExpr out = enc.route(h.dst());
                    pre = enc.and(pre, validOut(out));
                    if (path == PacketPath.ROUTED && s instanceof Stage.Route) {
                        pre = enc.and(pre, enc.and(enc.forwardable(h.dst()), enc.not(enc.martian(h))));
                    } else if (path == PacketPath.LOCAL_OUT && s instanceof Stage.Route) {
                        // the socket's route lookup refuses these sources: no packet to walk
                        pre = enc.and(pre, enc.not(enc.outputMartian(h.src(), out)));
                    } else if (path == PacketPath.LOCAL_OUT) {
                        // rerouted after OUTPUT (ip_route_me_harder): a loopback source may not leave
                        BoolExpr refused = enc.and(st.live(), enc.localOnlyLeaving(h.src(), out));
                        fate = enc.ite(refused, enc.num(Encoding.DROP, 3), fate);
                        st = st.withLive(enc.and(st.live(), enc.not(refused)));
                    }
                    st = st.withHeader(h.withOutIf(out), st.masqueraded());
                }
            }
        }
        return new Run(st, fate, pre, null);
    }

    /** The packets a stage ended: dropped, rejected, or taken by something nflint does not know. */
    private BoolExpr stopped(BoolExpr alive, BitVecExpr v) {
        return enc.and(alive, enc.or(enc.ctx.mkEq(v, enc.num(Encoding.DROP, 3)),
                enc.or(enc.ctx.mkEq(v, enc.num(Encoding.REJECT, 3)), enc.ctx.mkEq(v, enc.num(Encoding.UNKNOWN, 3)))));
    }

    private BoolExpr validOut(BitVecExpr out) {
        int bits = enc.ifaces.bits();
        return enc.and(enc.not(enc.ctx.mkEq(out, enc.num(Interfaces.NONE, bits))), enc.ule(out, enc.ifaces.count() - 1));
    }

    /**
     * A packet arriving on an interface: PREROUTING, then by the routing decision on the translated
     * destination either INPUT (local) or FORWARD and POSTROUTING; the two branches merged.
     */
    public Run ingress(SymbolicWalker w, Slice slice) {
        List<Stage> routed = stages(PacketPath.ROUTED);
        int routeAt = indexOfRoute(routed);
        Run pre = run(w, PacketPath.ROUTED, 0, routeAt - 1, initial(), enc.num(Encoding.NONE, 3), ingressPre(), slice);
        Slice after = slice.widenRewritten(true);
        WalkState st = pre.end();
        // the routing decision drops martians before it delivers or forwards anything: a fate like the rules'
        BoolExpr martian = enc.martian(st.header());
        BitVecExpr atRoute = enc.ite(enc.and(st.live(), martian), enc.num(Encoding.DROP, 3), pre.fate());
        BoolExpr local = enc.and(enc.routesLocal(st.header().dst()), enc.not(martian));
        Run in = run(w, PacketPath.LOCAL_IN, routeAt + 1, Integer.MAX_VALUE, st.withLive(enc.and(st.live(), local)), atRoute, enc.ctx.mkTrue(), after);
        BitVecExpr out = enc.route(st.header().dst());
        BoolExpr routable = validOut(out);
        // with the host's routes, what the kernel cannot route it drops: a fate to compare like the rules';
        // with routes left open, such packets are left out (some route always exists for them)
        boolean hostRoutes = enc.host != null && enc.host.routesKnown();
        BoolExpr forwarded = enc.and(st.live(), enc.and(enc.not(local), enc.not(martian)));
        // a host whose sysctls turn forwarding off drops what is not for it before any route lookup
        boolean forwards = enc.host == null || enc.host.forwarding();
        // the bridge decides before routing: a frame for another host on the link it arrived on is
        // bridged, whatever the forwarding sysctl says; back to the sender's own port without hairpin
        // mode it is dropped
        BoolExpr bridged = enc.onArrivalBridge(st.header(), out);
        BoolExpr hairpin = enc.and(forwarded, enc.hairpinDrop(st.header(), out));
        BoolExpr passes = forwards ? enc.ctx.mkTrue() : bridged;
        WalkState fwdStart = st.withLive(enc.and(passes,
                        enc.and(enc.not(hairpin), hostRoutes ? enc.and(forwarded, routable) : forwarded)))
                .withHeader(st.header().withOutIf(out), st.masqueraded());
        BitVecExpr fwdFate = !forwards ? enc.ite(enc.and(forwarded, enc.not(bridged)), enc.num(Encoding.DROP, 3), atRoute)
                : hostRoutes ? enc.ite(enc.and(forwarded, enc.not(routable)), enc.num(Encoding.DROP, 3), atRoute) : atRoute;
        fwdFate = enc.ite(hairpin, enc.num(Encoding.DROP, 3), fwdFate);
        Run fwd = run(w, PacketPath.ROUTED, routeAt + 1, Integer.MAX_VALUE, fwdStart, fwdFate, enc.ctx.mkTrue(), after);
        BoolExpr cond = hostRoutes ? pre.pre() : enc.and(pre.pre(), enc.or(enc.or(local, martian), routable));
        WalkState end = merge(local, in.end(), fwd.end());
        return new Run(end, accepted(end, enc.ite(local, in.fate(), fwd.fate())), cond, local);
    }

    /**
     * A frame bridged from one port of a bridge to another ({@link HookPlan#bridged}): ebtables
     * through {@code eb} (null: no ebtables rules, every bridge hook accepts) and, with
     * {@code bridgeNfCall}, iptables through {@code ip} with the bridge as in and out interface.
     * Frames broute sends to the IP stack and frames the bridge hands to the host (the destination
     * is local or not on the bridge's link) are not on this path; the run's end header names the
     * ports as in and out interface, as a replayable witness does.
     */
    public Run bridged(SymbolicWalker ip, SymbolicWalker eb, Slice slice, boolean bridgeNfCall) {
        bridgedTrees.clear();
        ebtablesTrees.clear();
        int bits = enc.ifaces.bits();
        BitVecExpr none = enc.num(Interfaces.NONE, bits);
        Header in = enc.input.withInIf(enc.bridge).withOutIf(none);
        WalkState st = new WalkState(enc.ctx.mkTrue(), enc.num(Encoding.NONE, 3), enc.mark, enc.connmark, enc.ct,
                enc.ctx.mkFalse(), enc.ctx.mkFalse(), in);
        BitVecExpr fate = enc.num(Encoding.NONE, 3);
        BoolExpr pre = bridgedPre();
        BoolExpr brouted = enc.ctx.mkFalse();
        for (Stage s : HookPlan.bridged(bridgeNfCall)) {
            if (s instanceof Stage.BridgeDecision) {
                Header h = st.header();
                // the frame stays on the bridge when its destination is another host on the bridge's link
                pre = enc.and(pre, enc.and(enc.not(enc.bridgeStops(h.dst())), enc.ctx.mkEq(enc.route(h.dst()), enc.bridge)));
                st = st.withHeader(h.withOutIf(enc.bridge), st.masqueraded());
                continue;
            }
            if (!(s instanceof Stage.Chain c)) {
                continue;
            }
            SymbolicWalker w = c.bridgeFamily() ? eb : ip;
            if (w == null) {
                continue;
            }
            BoolExpr alive = st.live();
            BoolExpr runs = alive;
            boolean natOnly = c.natOnly() && !c.bridgeFamily();
            if (natOnly) {
                runs = enc.and(alive, firstPacket(st));
            }
            int walked = w.trees().size();
            WalkState out = w.walkBase(c.table(), c.hook(), st.withLive(runs).withVerdict(enc.num(Encoding.NONE, 3)), slice);
            if (w.trees().size() > walked) {
                SiteTree tree = w.trees().get(walked);
                bridgedTrees.add(tree);
                if (c.bridgeFamily()) {
                    ebtablesTrees.add(tree);
                }
            }
            BitVecExpr v = out.verdict();
            BoolExpr dropped = enc.ctx.mkEq(v, enc.num(Encoding.DROP, 3));
            if (c.bridgeFamily() && c.table().equals("broute")) {
                // broute's DROP means "route it, do not bridge": the frame leaves this path
                brouted = enc.or(brouted, enc.and(alive, dropped));
                dropped = enc.ctx.mkFalse();
            }
            BoolExpr stopped = enc.and(alive, enc.or(dropped, enc.or(enc.ctx.mkEq(v, enc.num(Encoding.REJECT, 3)),
                    enc.ctx.mkEq(v, enc.num(Encoding.UNKNOWN, 3)))));
            fate = enc.ite(stopped, v, fate);
            st = out.withLive(enc.and(alive, enc.and(enc.not(stopped), enc.not(brouted))));
            if (natOnly) {
                slice = slice.widenRewritten(c.hook() == io.nflint.pipeline.Hook.PREROUTING);
            }
        }
        Header h = st.header();
        WalkState end = st.withHeader(h.withInIf(enc.input.inIf()).withOutIf(enc.physOut), st.masqueraded());
        return new Run(end, accepted(end, fate), enc.and(pre, enc.not(brouted)), null);
    }

    /**
     * A bridged frame's ports: with a host model that names bridges, two different ports of one of
     * them; otherwise any two different interfaces and a third for the bridge.
     */
    BoolExpr bridgedPre() {
        int bits = enc.ifaces.bits();
        BitVecExpr none = enc.num(Interfaces.NONE, bits);
        BitVecExpr inPort = enc.input.inIf();
        BoolExpr distinct = enc.not(enc.ctx.mkEq(inPort, enc.physOut));
        if (enc.host != null && !enc.host.bridges().isEmpty()) {
            BoolExpr any = enc.ctx.mkFalse();
            for (var b : enc.host.bridges().entrySet()) {
                BoolExpr in = enc.ctx.mkFalse();
                BoolExpr out = enc.ctx.mkFalse();
                for (String port : b.getValue()) {
                    BitVecExpr id = enc.num(enc.ifaces.id(port), bits);
                    in = enc.or(in, enc.ctx.mkEq(inPort, id));
                    out = enc.or(out, enc.ctx.mkEq(enc.physOut, id));
                }
                any = enc.or(any, enc.and(enc.ctx.mkEq(enc.bridge, enc.num(enc.ifaces.id(b.getKey()), bits)), enc.and(in, out)));
            }
            return enc.and(any, distinct);
        }
        return enc.ctx.mkAnd(enc.ctx.mkDistinct(none, inPort, enc.physOut, enc.bridge), validOut(inPort),
                validOut(enc.physOut), validOut(enc.bridge));
    }

    /** A locally generated packet, OUTPUT to POSTROUTING. */
    public Run localOut(SymbolicWalker w, Slice slice) {
        Run r = run(w, PacketPath.LOCAL_OUT, 0, Integer.MAX_VALUE, initial(), enc.num(Encoding.NONE, 3), localOutPre(), slice);
        return new Run(r.end(), accepted(r.end(), r.fate()), r.pre(), null);
    }

    /** The path's fate: packets still alive after the last stage are accepted (delivered or sent). */
    private BitVecExpr accepted(WalkState end, BitVecExpr fate) {
        return enc.ite(end.live(), enc.num(Encoding.ACCEPT, 3), fate);
    }

    static int indexOfRoute(List<Stage> stages) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) instanceof Stage.Route) {
                return i;
            }
        }
        return -1;
    }

    private WalkState merge(BoolExpr c, WalkState a, WalkState b) {
        Header x = a.header();
        Header y = b.header();
        Header h = new Header(enc.ite(c, x.src(), y.src()), enc.ite(c, x.dst(), y.dst()), x.proto(),
                enc.ite(c, x.sport(), y.sport()), enc.ite(c, x.dport(), y.dport()), x.icmpType(), x.icmpCode(),
                x.tcpFlags(), x.fragment(), x.inIf(), enc.ite(c, x.outIf(), y.outIf()));
        return new WalkState(enc.ite(c, a.live(), b.live()), enc.ite(c, a.verdict(), b.verdict()),
                enc.ite(c, a.mark(), b.mark()), enc.ite(c, a.connmark(), b.connmark()), enc.ite(c, a.ct(), b.ct()),
                enc.ite(c, a.notrack(), b.notrack()), enc.ite(c, a.masqueraded(), b.masqueraded()), h);
    }

    /** The field values that make up a packet's fate, for comparing two runs. */
    public static List<com.microsoft.z3.Expr<?>> fateFields(Run r) {
        List<com.microsoft.z3.Expr<?>> out = new ArrayList<>();
        Header h = r.end().header();
        out.add(h.src());
        out.add(h.sport());
        out.add(h.dst());
        out.add(h.dport());
        out.add(h.outIf());
        out.add(r.end().masqueraded());
        return out;
    }
}
