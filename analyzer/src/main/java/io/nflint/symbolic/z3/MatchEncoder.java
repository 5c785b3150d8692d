package io.nflint.symbolic.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import io.nflint.ir.AddrType;
import io.nflint.ir.IpNet;
import io.nflint.lower.Field;
import io.nflint.lower.Lowered;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A rule's matches as one formula over the state at the rule, read from the lowered form
 * ({@link io.nflint.lower}). Every field the encoding has a term for is exact; a match that tests
 * anything else (opaque parts, sets without contents, MAC addresses, the conntrack tuple and NAT
 * status, physdev off the bridged path) is a fresh boolean per evaluation: a "may" query lets it be
 * true, a "must" query lets it be false, so no answer claims more than the dump proves.
 */
final class MatchEncoder {

    private final Encoding enc;
    /**
     * nft's protocol dependencies ({@code tcp dport != 22} holds only for TCP) are implied tests of
     * their own; an iptables rule's are its {@code -p}, encoded where it stands.
     */
    private final boolean testImplied;

    MatchEncoder(Encoding enc) {
        this(enc, false);
    }

    MatchEncoder(Encoding enc, boolean testImplied) {
        this.enc = enc;
        this.testImplied = testImplied;
    }

    /** The rule's match; {@code unknownName} gives each undecidable match occurrence its variable name. */
    BoolExpr encode(LoweredRule rule, WalkState st, IntFunction<String> unknownName) {
        BoolExpr all = enc.ctx.mkTrue();
        List<Lowered> ms = rule.matches();
        for (int i = 0; i < ms.size(); i++) {
            Lowered l = ms.get(i);
            BoolExpr one = pred(l.pred(), st);
            if (one == null) {
                String module = l.match().module().isEmpty() ? "match" : l.match().module();
                one = enc.unknown(unknownName.apply(i), "-m " + module + " at line " + l.match().span().line());
                if (PhysdevOffBridge.reads(l.pred())) {
                    one = new PhysdevOffBridge(enc).narrow(l.pred(), st.header(), one);
                }
            }
            all = enc.and(all, one);
            if (all.isFalse()) {
                break;
            }
        }
        return all;
    }

    /** One predicate (an nft statement's test); what the encoding has no term for is the unknown {@code unknownName}. */
    BoolExpr encode(Pred p, WalkState st, String unknownName, String origin) {
        BoolExpr e = pred(p, st);
        return e != null ? e : enc.unknown(unknownName, origin);
    }

    /** The exact formula, or null when the encoding has no term for something the predicate reads. */
    private BoolExpr pred(Pred p, WalkState st) {
        if (p instanceof Pred.Const k) {
            return k.value() ? enc.ctx.mkTrue() : enc.ctx.mkFalse();
        }
        if (p instanceof Pred.Test t) {
            return test(t.field(), t.values(), st);
        }
        if (p instanceof Pred.Present pr) {
            return present(pr.field(), st.header());
        }
        if (p instanceof Pred.Not n) {
            BoolExpr e = pred(n.pred(), st);
            return e == null ? null : enc.not(e);
        }
        if (p instanceof Pred.All a) {
            BoolExpr c = enc.ctx.mkTrue();
            for (Pred x : a.preds()) {
                BoolExpr e = pred(x, st);
                if (e == null) {
                    return null;
                }
                c = enc.and(c, e);
                if (c.isFalse()) {
                    return c;
                }
            }
            return c;
        }
        if (p instanceof Pred.Any a) {
            BoolExpr c = enc.ctx.mkFalse();
            for (Pred x : a.preds()) {
                BoolExpr e = pred(x, st);
                if (e == null) {
                    return null;
                }
                c = enc.or(c, e);
            }
            return c;
        }
        if (p instanceof Pred.IfAbsent g && g.field() == Field.CT_DIRECTION) {
            return ctDirection(g, st);
        }
        if (p instanceof Pred.Implied i) {
            // iptables: guaranteed by the rule's own -p, which is encoded where it stands
            return testImplied ? pred(i.pred(), st) : enc.ctx.mkTrue();
        }
        // sets without contents, sockets, opaque modules
        return null;
    }

    private BoolExpr test(Field f, Values v, WalkState st) {
        Header h = st.header();
        switch (f) {
            case IP_SADDR: return address(h.src(), v);
            case IP_DADDR: return address(h.dst(), v);
            // NAT never changes the protocol, so the tuple's is the packet's
            case L4PROTO: case CT_PROTO: return interval(h.proto(), v);
            case TH_SPORT: return interval(h.sport(), v);
            case TH_DPORT: return interval(h.dport(), v);
            case ICMP_TYPE: return enc.v6 ? null : interval(h.icmpType(), v);
            case ICMP_CODE: return enc.v6 ? null : interval(h.icmpCode(), v);
            case ICMPV6_TYPE: return enc.v6 ? interval(h.icmpType(), v) : null;
            case ICMPV6_CODE: return enc.v6 ? interval(h.icmpCode(), v) : null;
            case TCP_FLAGS: {
                Values.Masked m = (Values.Masked) v;
                return enc.ctx.mkEq(enc.ctx.mkBVAND(h.tcpFlags(), enc.num(m.mask(), 8)), enc.num(m.value(), 8));
            }
            case ETHER_TYPE: {
                // the frames compared are IP packets of the encoding's family
                boolean is = ((Values.Interval) v).contains(enc.v6 ? 0x86dd : 0x0800);
                return is ? enc.ctx.mkTrue() : enc.ctx.mkFalse();
            }
            case IIFNAME: return iface(enc.bridgeFamily ? enc.input.inIf() : h.inIf(), v);
            case OIFNAME: return enc.bridgeFamily ? enc.and(outKnown(h), iface(enc.physOut, v)) : iface(h.outIf(), v);
            // ebtables --logical-in/out: the bridge; iptables has no such option
            case IBRNAME: return enc.bridgeFamily ? iface(h.inIf(), v) : null;
            case OBRNAME: return enc.bridgeFamily ? iface(h.outIf(), v) : null;
            case PHYSDEV_IN: return enc.bridgedPath ? enc.and(hasIn(), iface(enc.input.inIf(), v)) : null;
            case PHYSDEV_OUT: return enc.bridgedPath ? enc.and(hasOut(h), iface(enc.physOut, v)) : null;
            case META_MARK: return mark(st.mark(), (Values.Masked) v);
            case CT_MARK: return mark(st.connmark(), (Values.Masked) v);
            case CT_STATE: return ctState(st, (Values.Symbols) v);
            case CT_STATUS: case CT_ORIGINAL_SADDR: case CT_ORIGINAL_DADDR: case CT_ORIGINAL_SPORT: case CT_ORIGINAL_DPORT:
            case CT_REPLY_SADDR: case CT_REPLY_DADDR: case CT_REPLY_SPORT: case CT_REPLY_DPORT:
                return ConntrackTuple.test(enc, f, v, st, this::address, this::interval);
            case FIB_SADDR_TYPE: return addrTypes(h.src(), (Values.Symbols) v);
            case FIB_DADDR_TYPE: return addrTypes(h.dst(), (Values.Symbols) v);
            default:
                // MAC addresses, packet type, NAT status, the conntrack tuple, per-device address types, TTL
                return null;
        }
    }

    private BoolExpr present(Field f, Header h) {
        switch (f) {
            case IP_FRAGMENT: return h.fragment();
            case TH_SPORT: case TH_DPORT: {
                // tcp, udp, sctp, udplite, dccp: ebt_ip reads their ports
                BoolExpr ports = enc.ctx.mkFalse();
                for (int p : new int[] {6, 17, 132, 136, 33}) {
                    ports = enc.or(ports, enc.ctx.mkEq(h.proto(), enc.num(p, 8)));
                }
                return ports;
            }
            case ICMP_TYPE: return enc.v6 ? null : enc.ctx.mkTrue();
            case ICMPV6_TYPE: return enc.v6 ? enc.ctx.mkTrue() : null;
            case PHYSDEV_IN: return enc.bridgedPath ? hasIn() : null;
            case PHYSDEV_OUT: return enc.bridgedPath ? hasOut(h) : null;
            default: return null;
        }
    }

    private BoolExpr address(BitVecExpr field, Values v) {
        if (v instanceof Values.Addresses a) {
            return enc.inRange(field, a.range().from(), a.range().to());
        }
        BoolExpr any = enc.ctx.mkFalse();
        for (IpNet n : ((Values.Nets) v).nets()) {
            if (n.v6() != enc.v6) {
                continue;
            }
            any = enc.or(any, net(field, n));
        }
        return any;
    }

    private BoolExpr interval(BitVecExpr field, Values v) {
        Values.Interval i = (Values.Interval) v;
        return enc.inRange(field, i.lo(), i.hi());
    }

    private BoolExpr iface(BitVecExpr field, Values v) {
        String pattern = ((Values.Name) v).pattern();
        BoolExpr any = enc.ctx.mkFalse();
        for (int id : enc.ifaces.matching(pattern)) {
            any = enc.or(any, enc.ctx.mkEq(field, enc.num(id, field.getSortSize())));
        }
        return any;
    }

    /** The out port is known once the bridge decided (the header then has an out interface). */
    private BoolExpr outKnown(Header h) {
        return enc.not(enc.ctx.mkEq(h.outIf(), enc.num(Interfaces.NONE, h.outIf().getSortSize())));
    }

    /** xt_physdev on a bridged frame: the in port always, the out port after the bridge decision. */
    private BoolExpr hasIn() {
        return enc.not(enc.ctx.mkEq(enc.input.inIf(), enc.num(Interfaces.NONE, enc.ifaces.bits())));
    }

    private BoolExpr hasOut(Header h) {
        return enc.and(outKnown(h), enc.not(enc.ctx.mkEq(enc.physOut, enc.num(Interfaces.NONE, enc.ifaces.bits()))));
    }

    private BoolExpr net(BitVecExpr field, IpNet n) {
        if (n.isAny()) {
            return enc.ctx.mkTrue();
        }
        int len = n.length();
        if (len == enc.addrBits) {
            return enc.ctx.mkEq(field, enc.addr(n.address()));
        }
        if (len >= 0) {
            // a prefix is an interval: cheaper for the solver than a mask
            return enc.inRange(field, n.first(), n.last());
        }
        return enc.ctx.mkEq(enc.ctx.mkBVAND(field, enc.addr(n.mask())), enc.addr(n.address()));
    }

    private BoolExpr mark(BitVecExpr field, Values.Masked v) {
        return enc.ctx.mkEq(enc.ctx.mkBVAND(field, enc.num(v.mask(), 32)), enc.num(v.value() & v.mask(), 32));
    }

    /** The conntrack state as rules see it: UNTRACKED after NOTRACK, else the looked-up state. */
    private BoolExpr ctState(WalkState st, Values.Symbols states) {
        BitVecExpr ct = enc.ite(st.notrack(), enc.num(Encoding.CT_UNTRACKED, 3), st.ct());
        BoolExpr any = enc.ctx.mkFalse();
        for (String s : states.names()) {
            int code = java.util.Arrays.asList(Encoding.CT_NAMES).indexOf(s);
            if (code < 0) {
                return null;
            }
            any = enc.or(any, enc.ctx.mkEq(ct, enc.num(code, 3)));
        }
        return any;
    }

    /**
     * --ctdir: packets without a connection (INVALID, UNTRACKED) take the lowering's answer for "no
     * connection"; the others test the direction, which only a NEW packet fixes (ORIGINAL).
     */
    private BoolExpr ctDirection(Pred.IfAbsent g, WalkState st) {
        Pred.Test t = (Pred.Test) g.present();
        boolean reply = ((Values.Symbols) t.values()).names().contains("REPLY");
        BoolExpr dir = reply ? enc.ctReply : enc.not(enc.ctReply);
        BoolExpr none = enc.or(st.notrack(), enc.ctx.mkEq(st.ct(), enc.num(0, 3)));
        return (BoolExpr) enc.ctx.mkITE(none, g.absent() ? enc.ctx.mkTrue() : enc.ctx.mkFalse(), dir);
    }

    private BoolExpr addrTypes(BitVecExpr a, Values.Symbols types) {
        BoolExpr any = enc.ctx.mkFalse();
        for (String t : types.names()) {
            BoolExpr one = addrType(a, AddrType.valueOf(t));
            if (one == null) {
                return null;
            }
            any = enc.or(any, one);
        }
        return any;
    }

    private BoolExpr addrType(BitVecExpr a, AddrType t) {
        switch (t) {
            case LOCAL:
                return enc.isLocal(a);
            case MULTICAST:
                return enc.v6 ? enc.inRange(a, io.nflint.ir.Ip.parse("ff00::").orElseThrow(), io.nflint.ir.Ip.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").orElseThrow())
                        : enc.inRange(a, 0xe0000000L, 0xefffffffL);
            case BROADCAST:
                // IPv4 broadcast addresses depend on the host's subnets (unknown); IPv6 has none
                return enc.v6 ? enc.ctx.mkFalse() : null;
            default:
                return null;
        }
    }
}
