package io.nflint.walk;

import io.nflint.ir.AddrType;
import io.nflint.ir.Ip;
import io.nflint.lower.Field;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import io.nflint.pipeline.Hook;
import java.util.List;
import java.util.Optional;

/**
 * The walker's reading of the lowered form: each {@link Field} read off its one packet and connection,
 * each {@link Pred} in Kleene's logic. "May" parts add their reason to {@code unknowns}.
 */
final class PredEval {

    private final MatchContext c;
    private final Packet p;
    private final List<String> unknowns;

    PredEval(MatchContext c, List<String> unknowns) {
        this.c = c;
        this.p = c.packet();
        this.unknowns = unknowns;
    }

    Tri eval(Pred pred) {
        if (pred instanceof Pred.Const k) {
            return Tri.of(k.value());
        }
        if (pred instanceof Pred.Test t) {
            return test(t.field(), t.values());
        }
        if (pred instanceof Pred.Present pr) {
            return Tri.of(value(pr.field()) != null);
        }
        if (pred instanceof Pred.Not n) {
            return eval(n.pred()).negate(true);
        }
        if (pred instanceof Pred.All a) {
            Tri r = Tri.TRUE;
            for (Pred x : a.preds()) {
                Tri t = eval(x);
                if (t == Tri.FALSE) {
                    return Tri.FALSE;
                }
                r = r.and(t);
            }
            return r;
        }
        if (pred instanceof Pred.Any a) {
            Tri r = Tri.FALSE;
            for (Pred x : a.preds()) {
                Tri t = eval(x);
                if (t == Tri.TRUE) {
                    return Tri.TRUE;
                }
                r = t == Tri.UNKNOWN ? Tri.UNKNOWN : r;
            }
            return r;
        }
        if (pred instanceof Pred.Implied i) {
            return eval(i.pred());
        }
        if (pred instanceof Pred.SetLookup s) {
            Optional<Boolean> in = c.host().setContains(s.set(), p, s.dims());
            if (in.isEmpty()) {
                unknowns.add("contents of ipset " + s.set() + " are unknown");
                return Tri.UNKNOWN;
            }
            Tri r = Tri.of(in.get()).negate(s.negated());
            if (!s.counters().isEmpty() && r == Tri.TRUE) {
                unknowns.add("set counter options " + s.counters() + " are not modelled");
                return Tri.UNKNOWN;
            }
            return r;
        }
        if (pred instanceof Pred.IfAbsent g) {
            return value(g.field()) == null ? Tri.of(g.absent()) : eval(g.present());
        }
        Pred.Opaque o = (Pred.Opaque) pred;
        unknowns.add(o.reason());
        return Tri.UNKNOWN;
    }

    private Tri test(Field f, Values v) {
        if (f == Field.PKTTYPE && c.bridgeFamily() && ((Values.Symbols) v).names().contains("host")) {
            unknowns.add("pkttype host depends on the frame's destination MAC");
            return Tri.UNKNOWN;
        }
        Object have = value(f);
        if (have == null) {
            if (f == Field.ETHER_SADDR || f == Field.ETHER_DADDR) {
                unknowns.add("the packet's MAC address is not known");
                return Tri.UNKNOWN;
            }
            return Tri.FALSE;
        }
        return Tri.of(contains(v, have));
    }

    private static boolean contains(Values v, Object have) {
        if (v instanceof Values.Nets n) {
            Ip ip = (Ip) have;
            return n.nets().stream().anyMatch(x -> x.contains(ip));
        }
        if (v instanceof Values.Addresses a) {
            return a.range().contains((Ip) have);
        }
        if (v instanceof Values.Interval i) {
            return i.contains(((Number) have).longValue());
        }
        if (v instanceof Values.Masked m) {
            return m.matches(((Number) have).longValue());
        }
        if (v instanceof Values.Name n) {
            return n.matches((String) have);
        }
        if (v instanceof Values.Mac m) {
            return macMatches(m.mac(), m.mask(), (String) have);
        }
        Values.Symbols s = (Values.Symbols) v;
        if (have instanceof java.util.Set<?> several) {
            return several.stream().anyMatch(s.names()::contains);
        }
        return s.names().contains(have.toString());
    }

    /** The field's value on this packet, or null when it has none. */
    private Object value(Field f) {
        ConntrackEntry ct = c.ct();
        boolean tracked = ct != null;
        switch (f) {
            case ETHER_TYPE: return p.v6() ? 0x86dd : 0x0800;
            case ETHER_SADDR: return p.srcMac();
            case ETHER_DADDR: return p.dstMac();
            case IP_SADDR: return p.src();
            case IP_DADDR: return p.dst();
            case L4PROTO: return p.proto();
            case IP_FRAGMENT: return null;
            case TH_SPORT: return transport() && p.sport() >= 0 ? p.sport() : null;
            case TH_DPORT: return transport() && p.dport() >= 0 ? p.dport() : null;
            case TCP_FLAGS: return p.tcpFlags();
            case ICMP_TYPE: return p.proto() == Packet.ICMP ? p.icmpType() : null;
            case ICMP_CODE: return p.proto() == Packet.ICMP ? p.icmpCode() : null;
            case ICMPV6_TYPE: return p.proto() == Packet.ICMPV6 ? p.icmpType() : null;
            case ICMPV6_CODE: return p.proto() == Packet.ICMPV6 ? p.icmpCode() : null;
            // ebtables -i/-o are the bridge port; iptables -i is the bridge for a bridged frame
            case IIFNAME: return c.bridgeFamily() && p.physIn() != null ? p.physIn() : p.in();
            case OIFNAME: return c.bridgeFamily() && p.physOut() != null ? p.physOut() : p.out();
            case IBRNAME: return p.in();
            case OBRNAME: return p.out();
            case PHYSDEV_IN: return c.bridgeInfo() ? p.physIn() : null;
            case PHYSDEV_OUT: return c.bridgeInfo() ? p.physOut() : null;
            case PKTTYPE: return pktType();
            case META_MARK: return p.mark();
            case CT_MARK: return p.ctMark();
            case CT_STATE: return p.ctState() == null ? null : p.ctState().name();
            case CT_STATUS: return tracked && p.ctState() != null ? ctStatus(ct) : null;
            case CT_PROTO: return tracked ? ct.original().proto() : null;
            case CT_ORIGINAL_SADDR: return tracked ? ct.original().src() : null;
            case CT_ORIGINAL_DADDR: return tracked ? ct.original().dst() : null;
            case CT_REPLY_SADDR: return tracked ? ct.reply().src() : null;
            case CT_REPLY_DADDR: return tracked ? ct.reply().dst() : null;
            case CT_ORIGINAL_SPORT: return tracked ? port(ct.original().sport()) : null;
            case CT_ORIGINAL_DPORT: return tracked ? port(ct.original().dport()) : null;
            case CT_REPLY_SPORT: return tracked ? port(ct.reply().sport()) : null;
            case CT_REPLY_DPORT: return tracked ? port(ct.reply().dport()) : null;
            case FIB_SADDR_TYPE: return MatchEval.addrType(p.src(), null, c.host()).name();
            case FIB_DADDR_TYPE: return MatchEval.addrType(p.dst(), null, c.host()).name();
            case FIB_SADDR_IIF_TYPE: return MatchEval.addrType(p.src(), p.in(), c.host()).name();
            case FIB_DADDR_IIF_TYPE: return MatchEval.addrType(p.dst(), p.in(), c.host()).name();
            case FIB_SADDR_OIF_TYPE: return MatchEval.addrType(p.src(), p.out(), c.host()).name();
            case FIB_DADDR_OIF_TYPE: return MatchEval.addrType(p.dst(), p.out(), c.host()).name();
            case IP_TTL: return HopLimits.of(c);
            // the walker's packets carry no extension headers: what ping -6, nc and the kernel's own replies send
            case IP6_FRAG_HEADER: case IP6_ROUTING_HEADER: return null;
            case IP6_HEADER_CHAIN: return p.v6() ? HopLimits.headerChain(p.proto()) : null;
            case CT_DIRECTION: return tracked ? (c.replyDirection() ? "REPLY" : "ORIGINAL") : null;
            case SOCKET: return c.locallyGenerated() && (c.hook() == Hook.OUTPUT || c.hook() == Hook.POSTROUTING) ? "local" : null;
            default: throw new IllegalStateException("the walker does not read " + f);
        }
    }

    /** Whether the packet's protocol has ports at the start of its header: tcp, udp, udplite, sctp, dccp. */
    private boolean transport() {
        return p.hasPorts() || p.proto() == 33;
    }

    private static Integer port(int port) {
        return port >= 0 ? port : null;
    }

    private static java.util.Set<String> ctStatus(ConntrackEntry ct) {
        java.util.Set<String> s = new java.util.LinkedHashSet<>();
        if (ct.snat()) {
            s.add("SNAT");
        }
        if (ct.dnat()) {
            s.add("DNAT");
        }
        return s;
    }

    private String pktType() {
        return c.host().isBroadcast(null, p.dst()) || MatchEval.isLimitedBroadcast(p.dst()) ? "broadcast"
                : MatchEval.isMulticast(p.dst()) ? "multicast" : "unicast";
    }

    private static boolean macMatches(String mac, String mask, String have) {
        if (mask == null) {
            return mac.equalsIgnoreCase(have);
        }
        String[] a = mac.split(":");
        String[] m = mask.split(":");
        String[] h = have.split(":");
        for (int i = 0; i < 6; i++) {
            int mm = Integer.parseInt(m[i], 16);
            if ((Integer.parseInt(a[i], 16) & mm) != (Integer.parseInt(h[i], 16) & mm)) {
                return false;
            }
        }
        return true;
    }
}
