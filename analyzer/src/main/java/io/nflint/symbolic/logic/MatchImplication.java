package io.nflint.symbolic.logic;

import io.nflint.symbolic.slice.Box;
import io.nflint.ir.IpNet;
import io.nflint.lower.Field;
import io.nflint.lower.Lowered;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether one lowered match of a covering rule holds for every packet of a box that another rule
 * matches: by the box alone (addresses, protocol, ports, interfaces it lies within), or because the
 * other rule tests the same thing. State tests (marks, ct state) count only when no rule of the table
 * changes that state. Anything else may not match.
 */
final class MatchImplication {

    private static final Set<Field> STATE_ONLY = EnumSet.of(Field.CT_STATE, Field.CT_STATUS);

    /** Which kinds of state the table's targets may change, by the field they write. */
    interface Changes extends Predicate<Field> {
    }

    private MatchImplication() {
    }

    static boolean implied(Lowered m, Box part, LoweredRule r, Changes changes) {
        Pred p = m.pred();
        if (p instanceof Pred.Const k && k.value()) {
            return true;
        }
        if (m.caps().readsState()) {
            Set<Field> fs = fields(p);
            boolean stateOnly = !fs.isEmpty() && !opaque(p) && (STATE_ONLY.containsAll(fs)
                    || fs.equals(EnumSet.of(Field.META_MARK)) || fs.equals(EnumSet.of(Field.CT_MARK)));
            return stateOnly && fs.stream().noneMatch(changes) && sameIn(r, p);
        }
        // ebtables' --logical-in/out name the bridge, which a box does not hold
        if (!m.caps().headerOnly() || opaque(p) || fields(p).contains(Field.IBRNAME) || fields(p).contains(Field.OBRNAME)) {
            return false;
        }
        if (sameIn(r, p)) {
            return true;
        }
        for (Pred x : p instanceof Pred.All a ? a.preds() : List.of(p)) {
            if (!(x instanceof Pred.Implied || byBox(x, part, r) || portsOrFlags(x) && conjunctIn(r, x))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the match needs a transport header (a port match never holds for a non-first fragment). */
    static boolean needsPorts(Lowered m) {
        Pred p = m.pred();
        return m.caps().headerOnly() && p instanceof Pred.All a && a.preds().stream().anyMatch(x -> x instanceof Pred.Implied);
    }

    private static boolean byBox(Pred x, Box part, LoweredRule r) {
        if (x instanceof Pred.Const k) {
            return k.value();
        }
        if (x instanceof Pred.Any any) {
            // a list of ports on one side: one range holds the box's, or the other rule's own ports are in the list
            Field f = portField(any.preds());
            if (f == null) {
                return false;
            }
            List<long[]> list = new ArrayList<>();
            any.preds().forEach(t -> list.add(range(((Pred.Test) t).values())));
            long lo = f == Field.TH_SPORT ? part.sportLo() : part.dportLo();
            long hi = f == Field.TH_SPORT ? part.sportHi() : part.dportHi();
            return list.stream().anyMatch(pr -> pr[0] <= lo && hi <= pr[1]) || portsWithin(r, f, lo, hi, list);
        }
        if (!(x instanceof Pred.Test t)) {
            return false;
        }
        Values v = t.values();
        switch (t.field()) {
            case IP_SADDR: case IP_DADDR: {
                boolean src = t.field() == Field.IP_SADDR;
                if (v instanceof Values.Nets n && n.nets().size() == 1) {
                    IpNet net = n.nets().get(0);
                    return Box.within(src ? part.srcLo() : part.dstLo(), src ? part.srcHi() : part.dstHi(), net.first(), net.last());
                }
                if (v instanceof Values.Addresses a) {
                    return Box.within(src ? part.srcLo() : part.dstLo(), src ? part.srcHi() : part.dstHi(),
                            a.range().from(), a.range().to());
                }
                return false;
            }
            case IIFNAME:
                return Box.ifaceWithin(part.inIf(), ((Values.Name) v).pattern());
            case OIFNAME:
                return Box.ifaceWithin(part.outIf(), ((Values.Name) v).pattern());
            case L4PROTO: {
                long[] pr = range(v);
                return pr[0] == pr[1] && part.protoLo() == pr[0] && part.protoHi() == pr[0];
            }
            case TH_SPORT: case TH_DPORT: {
                long[] pr = range(v);
                boolean src = t.field() == Field.TH_SPORT;
                return pr[0] <= (src ? part.sportLo() : part.dportLo()) && (src ? part.sportHi() : part.dportHi()) <= pr[1];
            }
            default:
                return false;
        }
    }

    /**
     * Whether every port {@code r} lets through on that side, within the box's [lo, hi], is one of
     * {@code list}'s: the box only keeps the hull of a multiport list, so {@code --dports 22,53} is
     * [22, 53]; the rule's own list (or a plain {@code --dport} range) says which of those it takes.
     * Every port test of r must hold, so any one of them bounds its ports.
     */
    private static boolean portsWithin(LoweredRule r, Field side, long lo, long hi, List<long[]> list) {
        for (Lowered l : r.matches()) {
            for (Pred x : l.pred() instanceof Pred.All a ? a.preds() : List.of(l.pred())) {
                List<long[]> own = new ArrayList<>();
                if (x instanceof Pred.Test t && t.field() == side) {
                    own.add(range(t.values()));
                } else if (x instanceof Pred.Any any && portField(any.preds()) == side) {
                    any.preds().forEach(y -> own.add(range(((Pred.Test) y).values())));
                }
                if (!own.isEmpty() && covered(own, lo, hi, list)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether each port of {@code own} within [lo, hi] lies in some range of {@code list}. */
    private static boolean covered(List<long[]> own, long lo, long hi, List<long[]> list) {
        BitSet need = new BitSet();
        for (long[] p : own) {
            long a = Math.max(p[0], lo);
            long b = Math.min(p[1], hi);
            if (a <= b) {
                need.set((int) a, (int) b + 1);
            }
        }
        for (long[] p : list) {
            need.clear((int) p[0], (int) p[1] + 1);
        }
        return need.isEmpty();
    }

    private static Field portField(List<Pred> preds) {
        Field f = null;
        for (Pred p : preds) {
            if (!(p instanceof Pred.Test t) || t.field() != Field.TH_SPORT && t.field() != Field.TH_DPORT
                    || f != null && t.field() != f) {
                return null;
            }
            f = t.field();
        }
        return f;
    }

    private static long[] range(Values v) {
        Values.Interval i = (Values.Interval) v;
        return new long[] {i.lo(), i.hi()};
    }

    private static boolean portsOrFlags(Pred x) {
        Set<Field> fs = fields(x);
        return !fs.isEmpty() && EnumSet.of(Field.TH_SPORT, Field.TH_DPORT, Field.TCP_FLAGS).containsAll(fs);
    }

    private static boolean sameIn(LoweredRule r, Pred p) {
        return r.matches().stream().anyMatch(l -> l.pred().equals(p));
    }

    private static boolean conjunctIn(LoweredRule r, Pred x) {
        for (Lowered l : r.matches()) {
            for (Pred y : l.pred() instanceof Pred.All a ? a.preds() : List.of(l.pred())) {
                if (y.equals(x)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean opaque(Pred p) {
        if (p instanceof Pred.Opaque || p instanceof Pred.SetLookup || p instanceof Pred.IfAbsent) {
            return true;
        }
        if (p instanceof Pred.Not n) {
            return opaque(n.pred());
        }
        if (p instanceof Pred.Implied i) {
            return opaque(i.pred());
        }
        if (p instanceof Pred.All a) {
            return a.preds().stream().anyMatch(MatchImplication::opaque);
        }
        if (p instanceof Pred.Any a) {
            return a.preds().stream().anyMatch(MatchImplication::opaque);
        }
        return false;
    }

    private static Set<Field> fields(Pred p) {
        return io.nflint.lower.Preds.fields(p);
    }
}
