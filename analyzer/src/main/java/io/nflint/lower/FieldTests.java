package io.nflint.lower;

import java.util.ArrayList;
import java.util.List;

/**
 * The certain tests of a lowered rule, field by field. Two views: {@link #whole} the matches that are
 * one test and nothing else (the base options {@code -s -d -p -i -o}, {@code -m mark}, …), and
 * {@link #conjuncts} every test a match requires at its top level (also {@code --dport} of
 * {@code -m tcp}, {@code --dst-type} of {@code -m addrtype}). Disjunctions (multiport), kernel-implied
 * guards and "may" parts are in neither: readers that need them evaluate the predicate.
 */
public final class FieldTests {

    public static final int TCP = 6;
    public static final int UDP = 17;

    private FieldTests() {
    }

    /** The rule's matches that are exactly one test of {@code field}, in the rule's order. */
    public static List<FieldTest> whole(LoweredRule rule, Field field) {
        List<FieldTest> out = new ArrayList<>();
        for (Lowered l : rule.matches()) {
            FieldTest t = single(l, l.pred());
            if (t != null && t.field() == field) {
                out.add(t);
            }
        }
        return out;
    }

    /** The rule's matches that are exactly one test of one of {@code fields}, in the rule's order. */
    public static List<FieldTest> whole(LoweredRule rule, java.util.Collection<Field> fields) {
        List<FieldTest> out = new ArrayList<>();
        for (Lowered l : rule.matches()) {
            FieldTest t = single(l, l.pred());
            if (t != null && fields.contains(t.field())) {
                out.add(t);
            }
        }
        return out;
    }

    /** The match as one test, or null when it is more (or other) than one test of one field. */
    public static FieldTest whole(Lowered l) {
        return single(l, l.pred());
    }

    /** The first un-negated whole-match test of {@code field}, or null. */
    public static FieldTest firstPositive(LoweredRule rule, Field field) {
        for (FieldTest t : whole(rule, field)) {
            if (!t.negated()) {
                return t;
            }
        }
        return null;
    }

    /** The address of the first un-negated whole-match test of {@code field} with exactly one net ({@code -s 10.0.0.0/8}), or null. */
    public static io.nflint.ir.IpNet soleNet(LoweredRule rule, Field field) {
        for (FieldTest t : whole(rule, field)) {
            if (!t.negated() && t.nets() != null && t.nets().size() == 1) {
                return t.nets().get(0);
            }
        }
        return null;
    }

    /** The protocol of the rule's first un-negated {@code -p} other than "all", or -1. */
    public static int protocol(LoweredRule rule) {
        FieldTest p = firstPositive(rule, Field.L4PROTO);
        return p == null ? -1 : (int) p.interval().lo();
    }

    /** The tests of {@code field} (a port) in the rule's {@code -m tcp} and {@code -m udp} matches, in order. */
    public static List<FieldTest> tcpUdp(LoweredRule rule, Field field) {
        List<FieldTest> out = new ArrayList<>();
        for (Lowered l : rule.matches()) {
            int p = impliedProtocol(l);
            if (p == TCP || p == UDP) {
                out.addAll(conjuncts(l, field));
            }
        }
        return out;
    }

    /** Every test of {@code field} a match requires at its top level, in the rule's order. */
    public static List<FieldTest> conjuncts(LoweredRule rule, Field field) {
        List<FieldTest> out = new ArrayList<>();
        for (Lowered l : rule.matches()) {
            out.addAll(conjuncts(l, field));
        }
        return out;
    }

    /** The tests of {@code field} the match requires at its top level. */
    public static List<FieldTest> conjuncts(Lowered l, Field field) {
        List<FieldTest> out = new ArrayList<>();
        for (Pred p : l.pred() instanceof Pred.All a ? a.preds() : List.of(l.pred())) {
            FieldTest t = single(l, p);
            if (t != null && t.field() == field) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The protocol a transport module needs the rule's {@code -p} to name ({@code -m tcp}: 6,
     * {@code -m udp}: 17), or -1 for a module without one.
     */
    public static int impliedProtocol(Lowered l) {
        if (l.pred() instanceof Pred.All a) {
            for (Pred p : a.preds()) {
                if (p instanceof Pred.Implied i) {
                    Pred g = i.pred() instanceof Pred.Any any && !any.preds().isEmpty() ? any.preds().get(0) : i.pred();
                    if (g instanceof Pred.Test t && t.field() == Field.L4PROTO) {
                        return (int) ((Values.Interval) t.values()).lo();
                    }
                }
            }
        }
        return -1;
    }

    /** Whether some test of the match, negated or not, reads {@code field} with a value in {@code v}. */
    public static boolean mentions(Lowered l, Field field, long v) {
        boolean[] found = {false};
        Preds.leaves(l.pred(), p -> found[0] |= p instanceof Pred.Test t && t.field() == field
                && t.values() instanceof Values.Interval i && i.contains(v));
        return found[0];
    }

    private static FieldTest single(Lowered l, Pred p) {
        boolean negated = p instanceof Pred.Not;
        Pred inner = p instanceof Pred.Not n ? n.pred() : p;
        if (inner instanceof Pred.Test t) {
            return new FieldTest(t.field(), t.values(), negated, t.at() != null ? t.at() : p == l.pred() ? l.match().span() : null, l);
        }
        return null;
    }
}
