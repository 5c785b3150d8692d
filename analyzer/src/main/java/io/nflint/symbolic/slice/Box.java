package io.nflint.symbolic.slice;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import io.nflint.ir.match.AddressMatch;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.IprangeMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.MultiportMatch;
import io.nflint.ir.match.ProtocolMatch;
import io.nflint.ir.match.SctpMatch;
import io.nflint.ir.match.TcpMatch;
import io.nflint.ir.match.UdpMatch;

import java.util.List;

/**
 * A cheap over-approximation of the packets a rule can match, on header fields only (never marks or
 * state): an interval per field, an interface name pattern per direction. Two rules whose boxes do
 * not overlap cannot match the same packet, which is what slicing relies on: a query about packets
 * in box Q may skip every rule whose box misses Q, exactly.
 */
public record Box(Ip srcLo, Ip srcHi, Ip dstLo, Ip dstHi, int protoLo, int protoHi, int sportLo, int sportHi,
           int dportLo, int dportHi, String inIf, String outIf) {

    static final Box ANY = new Box(null, null, null, null, 0, 255, 0, 65535, 0, 65535, null, null);

    public static Box of(Rule rule) {
        Box b = ANY;
        for (Match m : rule.matches()) {
            b = b == null ? null : b.narrow(m);
        }
        return b;
    }

    /** This box narrowed by one match; null when the result is empty. Negations do not narrow. */
    private Box narrow(Match m) {
        if (m instanceof AddressMatch a && !a.negated() && !a.nets().isEmpty()) {
            Ip lo = null;
            Ip hi = null;
            for (IpNet n : a.nets()) {
                lo = lo == null || n.first().compareTo(lo) < 0 ? n.first() : lo;
                hi = hi == null || n.last().compareTo(hi) > 0 ? n.last() : hi;
            }
            return a.direction() == Direction.SOURCE ? withSrc(lo, hi) : withDst(lo, hi);
        }
        if (m instanceof IprangeMatch r) {
            Box b = this;
            if (r.src() != null && !r.src().negated()) {
                AddressRange ar = r.src().value();
                b = b.withSrc(ar.from(), ar.to());
            }
            if (b != null && r.dst() != null && !r.dst().negated()) {
                AddressRange ar = r.dst().value();
                b = b.withDst(ar.from(), ar.to());
            }
            return b;
        }
        if (m instanceof io.nflint.ir.match.BridgeIpMatch bi) {
            // ebtables --ip-src/--ip-dst/--ip-proto narrow like iptables' own; ports need --ip-proto, left wide
            Box b = this;
            if (bi.src() != null && !bi.src().negated()) {
                b = b.withSrc(bi.src().value().first(), bi.src().value().last());
            }
            if (b != null && bi.dst() != null && !bi.dst().negated()) {
                b = b.withDst(bi.dst().value().first(), bi.dst().value().last());
            }
            if (b != null && bi.proto() != null && !bi.proto().negated()) {
                int pr = bi.proto().value();
                b = b.intersect(new Box(null, null, null, null, pr, pr, 0, 65535, 0, 65535, null, null));
            }
            return b;
        }
        if (m instanceof ProtocolMatch p && !p.negated() && p.protocol() != 0) {
            return intersect(new Box(null, null, null, null, p.protocol(), p.protocol(), 0, 65535, 0, 65535, null, null));
        }
        if (m instanceof TcpMatch t) {
            return ports(t.sport() == null || t.sport().negated() ? null : t.sport().value(),
                    t.dport() == null || t.dport().negated() ? null : t.dport().value());
        }
        if (m instanceof UdpMatch u) {
            return ports(u.sport() == null || u.sport().negated() ? null : u.sport().value(),
                    u.dport() == null || u.dport().negated() ? null : u.dport().value());
        }
        if (m instanceof SctpMatch sc) {
            // sctp's ports are the same header fields tcp's and udp's are (chunk types only narrow further)
            return ports(sc.sport() == null || sc.sport().negated() ? null : sc.sport().value(),
                    sc.dport() == null || sc.dport().negated() ? null : sc.dport().value());
        }
        if (m instanceof MultiportMatch mp && !mp.negated() && mp.which() != MultiportMatch.Which.EITHER) {
            PortRange hull = hull(mp.ports());
            return mp.which() == MultiportMatch.Which.SOURCE ? ports(hull, null) : ports(null, hull);
        }
        if (m instanceof InterfaceMatch i && !i.negated()) {
            if (i.kind() == InterfaceMatch.Kind.IN) {
                return intersect(new Box(null, null, null, null, 0, 255, 0, 65535, 0, 65535, i.name(), null));
            }
            if (i.kind() == InterfaceMatch.Kind.OUT) {
                return intersect(new Box(null, null, null, null, 0, 255, 0, 65535, 0, 65535, null, i.name()));
            }
        }
        return this;
    }

    private static PortRange hull(List<PortRange> ports) {
        int lo = 65535;
        int hi = 0;
        for (PortRange p : ports) {
            lo = Math.min(lo, p.lo());
            hi = Math.max(hi, p.hi());
        }
        return new PortRange(lo, hi);
    }

    private Box ports(PortRange s, PortRange d) {
        Box other = new Box(null, null, null, null, 0, 255, s == null ? 0 : s.lo(), s == null ? 65535 : s.hi(),
                d == null ? 0 : d.lo(), d == null ? 65535 : d.hi(), null, null);
        return intersect(other);
    }

    private Box withSrc(Ip lo, Ip hi) {
        return intersect(new Box(lo, hi, null, null, 0, 255, 0, 65535, 0, 65535, null, null));
    }

    private Box withDst(Ip lo, Ip hi) {
        return intersect(new Box(null, null, lo, hi, 0, 255, 0, 65535, 0, 65535, null, null));
    }

    boolean overlaps(Box o) {
        return intersect(o) != null;
    }

    /** Whether every packet of {@code o} lies in this box (interface patterns included). */
    public boolean contains(Box o) {
        return within(o.srcLo, o.srcHi, srcLo, srcHi) && within(o.dstLo, o.dstHi, dstLo, dstHi)
                && protoLo <= o.protoLo && o.protoHi <= protoHi && sportLo <= o.sportLo && o.sportHi <= sportHi
                && dportLo <= o.dportLo && o.dportHi <= dportHi && ifaceWithin(o.inIf, inIf) && ifaceWithin(o.outIf, outIf);
    }

    /** Whether [lo, hi] lies in [outerLo, outerHi]; null bounds are "any address". */
    public static boolean within(Ip lo, Ip hi, Ip outerLo, Ip outerHi) {
        if (outerLo == null && outerHi == null) {
            return true;
        }
        if (lo == null || hi == null || outerLo == null || outerHi == null || lo.v6() != outerLo.v6() || hi.v6() != outerHi.v6()) {
            return false;
        }
        return outerLo.compareTo(lo) <= 0 && hi.compareTo(outerHi) <= 0;
    }

    /** Whether every interface pattern {@code inner} names is named by {@code outer} (null: any interface). */
    public static boolean ifaceWithin(String inner, String outer) {
        if (outer == null) {
            return true;
        }
        if (inner == null) {
            return false;
        }
        if (!outer.endsWith("+")) {
            return outer.equals(inner);
        }
        return inner.startsWith(outer.substring(0, outer.length() - 1));
    }

    /** The packets in both boxes, or null when there are none. */
    public Box intersect(Box o) {
        Ip sLo = max(srcLo, o.srcLo);
        Ip sHi = min(srcHi, o.srcHi);
        Ip dLo = max(dstLo, o.dstLo);
        Ip dHi = min(dstHi, o.dstHi);
        if (sLo != null && sHi != null && (sLo.v6() != sHi.v6() || sLo.compareTo(sHi) > 0)) {
            return null;
        }
        if (dLo != null && dHi != null && (dLo.v6() != dHi.v6() || dLo.compareTo(dHi) > 0)) {
            return null;
        }
        int pLo = Math.max(protoLo, o.protoLo);
        int pHi = Math.min(protoHi, o.protoHi);
        int spLo = Math.max(sportLo, o.sportLo);
        int spHi = Math.min(sportHi, o.sportHi);
        int dpLo = Math.max(dportLo, o.dportLo);
        int dpHi = Math.min(dportHi, o.dportHi);
        if (pLo > pHi || spLo > spHi || dpLo > dpHi) {
            return null;
        }
        String in = iface(inIf, o.inIf);
        String out = iface(outIf, o.outIf);
        if (in == null && inIf != null && o.inIf != null || out == null && outIf != null && o.outIf != null) {
            return null;
        }
        return new Box(sLo, sHi, dLo, dHi, pLo, pHi, spLo, spHi, dpLo, dpHi, in, out);
    }

    /** The narrower of two interface patterns when they can name the same interface, else null. */
    private static String iface(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        String pa = a.endsWith("+") ? a.substring(0, a.length() - 1) : null;
        String pb = b.endsWith("+") ? b.substring(0, b.length() - 1) : null;
        if (pa == null && pb == null) {
            return a.equals(b) ? a : null;
        }
        if (pa != null && (pb == null ? b.startsWith(pa) : pb.startsWith(pa))) {
            return b;
        }
        if (pb != null && (pa == null ? a.startsWith(pb) : pa.startsWith(pb))) {
            return a;
        }
        return null;
    }

    /** The box with the fields a NAT rewrite may change widened to anything. */
    Box widenRewritten(boolean destination) {
        return destination
                ? new Box(srcLo, srcHi, null, null, protoLo, protoHi, sportLo, sportHi, 0, 65535, inIf, outIf)
                : new Box(null, null, dstLo, dstHi, protoLo, protoHi, 0, 65535, dportLo, dportHi, inIf, outIf);
    }

    /** A single destination address, the key of the chain index; null when the box allows several. */
    Ip singleDst() {
        return dstLo != null && dstLo.equals(dstHi) ? dstLo : null;
    }

    int singleDport() {
        return dportLo == dportHi ? dportLo : -1;
    }

    private static Ip max(Ip a, Ip b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    private static Ip min(Ip a, Ip b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    /** One header a box holds: its lowest addresses and ports, TCP to port 80 from 40000 where it allows any. */
    /**
     * One box per listed port or range of the rule's multiport matches, after the first (whose packets
     * the sample already has): the first port of "22,80,443" is often also accepted by a later rule.
     */
    public static List<Box> otherPorts(Rule rule, int max) {
        List<Box> out = new java.util.ArrayList<>();
        for (Match m : rule.matches()) {
            if (m instanceof MultiportMatch mp && !mp.negated() && mp.which() != MultiportMatch.Which.EITHER) {
                for (PortRange pr : mp.ports().subList(Math.min(1, mp.ports().size()), mp.ports().size())) {
                    if (out.size() < max) {
                        out.add(mp.which() == MultiportMatch.Which.SOURCE ? ANY.ports(pr, null) : ANY.ports(null, pr));
                    }
                }
            }
        }
        return out;
    }

    public record Sample(Ip src, Ip dst, int proto, int sport, int dport) {
    }

    /** The header both the solver's guess and the concrete probe try first for this box. */
    public Sample sample(boolean v6) {
        Ip src = srcLo != null ? srcLo : v6 ? Ip.parse("2001:db8::1").orElseThrow() : Ip.v4(198, 51, 100, 20);
        Ip dst = dstLo != null ? dstLo : v6 ? Ip.parse("2001:db8::2").orElseThrow() : Ip.v4(203, 0, 113, 10);
        int proto = protoLo == 0 && protoHi == 255 ? 6 : protoLo;
        int sport = sportLo == 0 && sportHi == 65535 ? 40000 : sportLo;
        int dport = dportLo == 0 && dportHi == 65535 ? 80 : dportLo;
        return new Sample(src, dst, proto, sport, dport);
    }
}
