package io.nflint.symbolic.slice;

import io.nflint.ir.Ip;
import io.nflint.ir.PortRange;
import io.nflint.lower.Conjuncts;
import io.nflint.lower.Field;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.Values;

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

    public static Box of(LoweredRule rule) {
        Box b = ANY;
        for (Conjuncts.Required c : Conjuncts.of(rule)) {
            b = b == null ? null : b.narrow(c);
        }
        return b;
    }

    /** This box narrowed by one required test; null when the result is empty. */
    private Box narrow(Conjuncts.Required c) {
        switch (c.field()) {
            case IP_SADDR: case IP_DADDR: {
                Ip lo = null;
                Ip hi = null;
                for (Values v : c.values()) {
                    List<Ip[]> spans = new java.util.ArrayList<>();
                    if (v instanceof Values.Nets n) {
                        n.nets().forEach(x -> spans.add(new Ip[] {x.first(), x.last()}));
                    } else if (v instanceof Values.Addresses a) {
                        spans.add(new Ip[] {a.range().from(), a.range().to()});
                    }
                    for (Ip[] sp : spans) {
                        lo = lo == null || sp[0].compareTo(lo) < 0 ? sp[0] : lo;
                        hi = hi == null || sp[1].compareTo(hi) > 0 ? sp[1] : hi;
                    }
                }
                if (lo == null) {
                    return this;
                }
                return c.field() == Field.IP_SADDR ? withSrc(lo, hi) : withDst(lo, hi);
            }
            case L4PROTO: {
                PortRange h = hull(c.values());
                return intersect(new Box(null, null, null, null, h.lo(), h.hi(), 0, 65535, 0, 65535, null, null));
            }
            case TH_SPORT:
                return ports(hull(c.values()), null);
            case TH_DPORT:
                return ports(null, hull(c.values()));
            case IIFNAME: case OIFNAME: {
                if (c.values().size() != 1) {
                    return this;
                }
                String name = ((Values.Name) c.values().get(0)).pattern();
                return c.field() == Field.IIFNAME
                        ? intersect(new Box(null, null, null, null, 0, 255, 0, 65535, 0, 65535, name, null))
                        : intersect(new Box(null, null, null, null, 0, 255, 0, 65535, 0, 65535, null, name));
            }
            default:
                return this;
        }
    }

    private static PortRange hull(List<Values> values) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Values v : values) {
            Values.Interval i = (Values.Interval) v;
            lo = Math.min(lo, i.lo());
            hi = Math.max(hi, i.hi());
        }
        return new PortRange((int) lo, (int) hi);
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
    public static List<Box> otherPorts(LoweredRule rule, int max) {
        List<Box> out = new java.util.ArrayList<>();
        for (Conjuncts.Required c : Conjuncts.of(rule)) {
            if (c.field() != Field.TH_SPORT && c.field() != Field.TH_DPORT) {
                continue;
            }
            for (Values v : c.values().subList(Math.min(1, c.values().size()), c.values().size())) {
                Values.Interval i = (Values.Interval) v;
                PortRange pr = new PortRange((int) i.lo(), (int) i.hi());
                if (out.size() < max) {
                    out.add(c.field() == Field.TH_SPORT ? ANY.ports(pr, null) : ANY.ports(null, pr));
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
