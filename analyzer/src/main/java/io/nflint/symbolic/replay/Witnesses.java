package io.nflint.symbolic.replay;

import io.nflint.symbolic.WitnessPacket;
import io.nflint.symbolic.z3.Encoding;
import io.nflint.symbolic.z3.Header;
import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.Model;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads concrete packets out of a model, and blocks a found packet so the next one differs. */
public final class Witnesses {

    private final Encoding enc;

    public Witnesses(Encoding enc) {
        this.enc = enc;
    }

    /** The bridge of each bridged witness (a packet names only its ports), to pin it down again in {@link #is}. */
    private final java.util.Map<WitnessPacket, BigInteger> bridges = new java.util.HashMap<>();

    /** The arriving packet; on the bridged path its in and out interface are the bridge ports. */
    public WitnessPacket input(Model m) {
        if (enc.bridgedPath) {
            WitnessPacket p = packet(m, enc.input.withOutIf(enc.physOut), enc.mark, enc.connmark, enc.ct);
            bridges.put(p, num(m, enc.bridge));
            return p;
        }
        // the routing decision gives a routed packet its out interface: the arriving packet has none
        return packet(m, enc.input.withOutIf(enc.num(0, enc.ifaces.bits())), enc.mark, enc.connmark, enc.ct);
    }

    /** The bridge a bridged witness crosses (as the model chose it), or null. */
    public String bridgeOf(WitnessPacket p) {
        BigInteger id = bridges.get(p);
        return id == null ? null : enc.ifaces.name(id.intValue());
    }

    public WitnessPacket packet(Model m, Header h, BitVecExpr mark, BitVecExpr connmark, BitVecExpr ct) {
        int in = (int) num(m, h.inIf()).longValue();
        int out = (int) num(m, h.outIf()).longValue();
        int proto = num(m, h.proto()).intValue();
        int ctCode = num(m, ct).intValue();
        return new WitnessPacket(enc.ifaces.name(in), enc.ifaces.name(out), proto,
                enc.ip(num(m, h.src())), num(m, h.sport()).intValue(), enc.ip(num(m, h.dst())), num(m, h.dport()).intValue(),
                num(m, h.icmpType()).intValue(), num(m, h.icmpCode()).intValue(), num(m, h.tcpFlags()).intValue(),
                ctCode < Encoding.CT_NAMES.length ? Encoding.CT_NAMES[ctCode] : "?",
                num(m, mark).longValue(), num(m, connmark).longValue());
    }

    /**
     * The model's answers to is_local, route, iface_addr and route_localnet at every application of them inside
     * {@code roots}, with the arguments evaluated: the host the witness's paths assume.
     */
    public HostChoices hostChoices(Model m, List<? extends Expr<?>> roots) {
        Map<io.nflint.ir.Ip, Boolean> local = new HashMap<>();
        Map<io.nflint.ir.Ip, String> routes = new HashMap<>();
        Map<String, io.nflint.ir.Ip> addrs = new HashMap<>();
        Map<String, Boolean> localnet = new HashMap<>();
        for (Expr<?> e : hostApplications(enc, roots)) {
            Expr<?> arg = e.getArgs()[0];
            com.microsoft.z3.FuncDecl<?> f = e.getFuncDecl();
            if (f.equals(enc.routeLocalnet)) {
                String name = enc.ifaces.name(num(m, arg).intValue());
                if (name != null) {
                    localnet.put(name, m.eval(e, true).isTrue());
                }
            } else if (f.equals(enc.isLocal)) {
                local.put(enc.ip(num(m, arg)), m.eval(e, true).isTrue());
            } else if (f.equals(enc.route)) {
                String name = enc.ifaces.name(num(m, e).intValue());
                if (name != null) {
                    routes.put(enc.ip(num(m, arg)), name);
                }
            } else {
                String name = enc.ifaces.name(num(m, arg).intValue());
                if (name != null) {
                    addrs.put(name, enc.ip(num(m, e)));
                }
            }
        }
        return new HostChoices(local, routes, addrs, localnet);
    }

    /** Every application of is_local, route, iface_addr and route_localnet inside {@code roots} (each term once). */
    public static List<Expr<?>> hostApplications(Encoding enc, List<? extends Expr<?>> roots) {
        List<Expr<?>> found = new java.util.ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        java.util.ArrayDeque<Expr<?>> todo = new java.util.ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Expr<?> e = todo.pop();
            if (!e.isApp() || !seen.add(e.getId())) {
                continue;
            }
            Expr<?>[] args = e.getArgs();
            for (Expr<?> a : args) {
                todo.push(a);
            }
            com.microsoft.z3.FuncDecl<?> f = e.getFuncDecl();
            if (args.length == 1 && (f.equals(enc.isLocal) || f.equals(enc.route) || f.equals(enc.ifaceAddr)
                    || f.equals(enc.routeLocalnet))) {
                found.add(e);
            }
        }
        return found;
    }

    public BigInteger num(Model m, Expr<?> e) {
        Expr<?> v = m.eval(e, true);
        if (v instanceof BitVecNum n) {
            return n.getBigInteger();
        }
        return BigInteger.ZERO;
    }

    public boolean truth(Model m, BoolExpr e) {
        return m.eval(e, true).isTrue();
    }

    /**
     * What makes a witness easy to read and to replay: a new, unmarked, unfragmented connection from
     * an ordinary address and ephemeral port (a SYN for TCP) on a real interface. Tried first, dropped
     * when the set has no such packet.
     */
    public BoolExpr preferred() {
        Header h = enc.input;
        BoolExpr p = enc.and(fresh(), enc.and(enc.inRange(h.sport(), 40000, 60999),
                enc.ctx.mkImplies(enc.ctx.mkEq(h.proto(), enc.num(6, 8)), enc.ctx.mkEq(h.tcpFlags(), enc.num(2, 8)))));
        if (!enc.v6) {
            p = enc.and(p, enc.and(ordinaryV4(h.src()), ordinaryV4(h.dst())));
        }
        if (enc.bridgedPath) {
            // two hosts on the bridge's link talking, neither at a subnet's .0
            p = enc.and(p, enc.and(enc.ctx.mkEq(enc.route(h.src()), enc.bridge), enc.not(enc.routesLocal(h.src()))));
            if (!enc.v6) {
                for (com.microsoft.z3.BitVecExpr a : List.of(h.src(), h.dst())) {
                    p = enc.and(p, enc.not(enc.ctx.mkEq(enc.ctx.mkExtract(7, 0, a), enc.num(0, 8))));
                }
            }
        }
        return enc.and(p, natPicks());
    }

    /**
     * What the concrete walker can replay: the first packet of a new connection, unmarked, not a
     * fragment. The fallback preference when {@link #preferred()} has no member. Martian, multicast
     * and broadcast addresses replay like any other: the routing decision treats them as the walker does.
     */
    public BoolExpr replayable() {
        return enc.and(fresh(), natPicks());
    }

    /** The first packet of a new connection, unmarked, not a fragment: where the walker starts. */
    private BoolExpr fresh() {
        return enc.ctx.mkAnd(enc.ctx.mkEq(enc.ct, enc.num(Encoding.CT_NEW, 3)), enc.ctx.mkEq(enc.mark, enc.num(0, 32)),
                enc.ctx.mkEq(enc.connmark, enc.num(0, 32)), enc.not(enc.input.fragment()));
    }

    /**
     * An IPv4 address a reader expects in a witness: not 0/8, 127/8, multicast or above. Only a
     * preference for readable witnesses: the routing decision models the others.
     */
    private BoolExpr ordinaryV4(BitVecExpr a) {
        return enc.and(enc.inRange(a, 0x01000000L, 0xdfffffffL), enc.not(enc.inRange(a, 0x7f000000L, 0x7fffffffL)));
    }

    /** NAT range choices as the concrete walker makes them. */
    private BoolExpr natPicks() {
        return enc.natPreferences.isEmpty() ? enc.ctx.mkTrue() : enc.ctx.mkAnd(enc.natPreferences.toArray(new BoolExpr[0]));
    }

    /** Excludes packets with the same protocol, destination and destination port (diverse witnesses). */
    public BoolExpr block(WitnessPacket p) {
        Header h = enc.input;
        return enc.not(enc.and(enc.ctx.mkEq(h.proto(), enc.num(p.proto(), 8)),
                enc.and(enc.ctx.mkEq(h.dst(), enc.addr(p.dst())), enc.ctx.mkEq(h.dport(), enc.num(p.dport(), 16)))));
    }

    /** The formula fixing every input field to the packet's values. */
    public BoolExpr is(WitnessPacket p) {
        Header h = enc.input;
        int ib = enc.ifaces.bits();
        BoolExpr all = enc.ctx.mkAnd(
                enc.ctx.mkEq(h.src(), enc.addr(p.src())), enc.ctx.mkEq(h.dst(), enc.addr(p.dst())),
                enc.ctx.mkEq(h.proto(), enc.num(p.proto(), 8)), enc.ctx.mkEq(h.sport(), enc.num(p.sport(), 16)),
                enc.ctx.mkEq(h.dport(), enc.num(p.dport(), 16)), enc.ctx.mkEq(h.icmpType(), enc.num(p.icmpType(), 8)),
                enc.ctx.mkEq(h.icmpCode(), enc.num(p.icmpCode(), 8)), enc.ctx.mkEq(h.tcpFlags(), enc.num(p.tcpFlags(), 8)),
                enc.ctx.mkEq(h.inIf(), enc.num(enc.ifaces.id(p.inIface()), ib)),
                enc.ctx.mkEq(enc.mark, enc.num(p.mark(), 32)), enc.ctx.mkEq(enc.connmark, enc.num(p.connmark(), 32)),
                enc.ctx.mkEq(enc.ct, enc.num(java.util.Arrays.asList(Encoding.CT_NAMES).indexOf(p.ctState()), 3)));
        if (enc.bridgedPath) {
            all = enc.and(all, enc.ctx.mkEq(enc.physOut, enc.num(enc.ifaces.id(p.outIface()), ib)));
            BigInteger bridge = bridges.get(p);
            if (bridge != null) {
                all = enc.and(all, enc.ctx.mkEq(enc.bridge, enc.ctx.mkBV(bridge.longValue(), ib)));
            }
        }
        return all;
    }
}
