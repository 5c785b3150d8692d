package io.nflint.lower;

import io.nflint.ir.CtState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The header tests a rule certainly requires, read off its lowered matches: what slicing boxes, chain
 * indexes and the port-mapping extractor narrow by. Only a match's own top-level conjuncts count, and
 * only positive tests (a negation, an opaque part or a guard the kernel implies narrows nothing).
 */
public final class Conjuncts {

    /** A required test: the field has one of {@code values} (more than one when a match lists alternatives). */
    public record Required(Field field, List<Values> values) {
        public Required {
            values = List.copyOf(values);
        }
    }

    private Conjuncts() {
    }

    /** The match's required tests in its own order. */
    public static List<Required> of(Lowered l) {
        List<Required> out = new ArrayList<>();
        for (Pred p : top(l)) {
            if (p instanceof Pred.Test t) {
                out.add(new Required(t.field(), List.of(t.values())));
            } else if (p instanceof Pred.Any a && !a.preds().isEmpty()) {
                Field f = sameField(a.preds());
                if (f != null) {
                    List<Values> vs = new ArrayList<>();
                    a.preds().forEach(x -> vs.add(((Pred.Test) x).values()));
                    out.add(new Required(f, vs));
                }
            }
        }
        return out;
    }

    /** Every required test of the rule, match by match. */
    public static List<Required> of(LoweredRule rule) {
        List<Required> out = new ArrayList<>();
        for (Lowered l : rule.matches()) {
            out.addAll(of(l));
        }
        return out;
    }

    /**
     * The connection states a positive state test of the match requires ({@code --state},
     * {@code --ctstate}, with SNAT/DNAT as written), or null when it has none.
     */
    public static Set<CtState> requiredStates(Lowered l) {
        for (Pred p : top(l)) {
            Set<CtState> out = EnumSet.noneOf(CtState.class);
            List<Pred> parts = p instanceof Pred.Any a ? a.preds() : List.of(p);
            boolean states = !parts.isEmpty();
            for (Pred x : parts) {
                if (x instanceof Pred.Test t && (t.field() == Field.CT_STATE || t.field() == Field.CT_STATUS)) {
                    ((Values.Symbols) t.values()).names().forEach(n -> out.add(CtState.valueOf(n)));
                } else {
                    states = false;
                }
            }
            if (states) {
                return out;
            }
        }
        return null;
    }

    /** The mark or connmark value a positive test of the match requires, or null. */
    public static Values.Masked requiredMark(Lowered l, Field f) {
        for (Pred p : top(l)) {
            if (p instanceof Pred.Test t && t.field() == f) {
                return (Values.Masked) t.values();
            }
        }
        return null;
    }

    /** Whether a positive address-type test of the rule asks for {@code type} on the destination (or source). */
    public static boolean requiresAddrType(LoweredRule r, boolean dst, String type) {
        Set<Field> fields = dst ? EnumSet.of(Field.FIB_DADDR_TYPE, Field.FIB_DADDR_IIF_TYPE, Field.FIB_DADDR_OIF_TYPE)
                : EnumSet.of(Field.FIB_SADDR_TYPE, Field.FIB_SADDR_IIF_TYPE, Field.FIB_SADDR_OIF_TYPE);
        for (Required q : of(r)) {
            if (fields.contains(q.field()) && ((Values.Symbols) q.values().get(0)).names().contains(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The parts of {@code p} that must all hold, flattened: nested conjunctions, the kernel's implied
     * guards ({@link Pred.Implied}) and the present case of {@link Pred.IfAbsent} opened up (an nft
     * statement's test, a verdict-map element's key).
     */
    public static List<Pred> flatten(Pred p) {
        List<Pred> out = new ArrayList<>();
        flatten(p, out);
        return out;
    }

    private static void flatten(Pred p, List<Pred> out) {
        if (p instanceof Pred.All all) {
            all.preds().forEach(x -> flatten(x, out));
        } else if (p instanceof Pred.Implied i) {
            flatten(i.pred(), out);
        } else if (p instanceof Pred.IfAbsent a) {
            flatten(a.present(), out);
        } else {
            out.add(p);
        }
    }

    private static List<Pred> top(Lowered l) {
        return l.pred() instanceof Pred.All a ? a.preds() : List.of(l.pred());
    }

    private static Field sameField(List<Pred> preds) {
        Field f = null;
        for (Pred p : preds) {
            if (!(p instanceof Pred.Test t) || (f != null && t.field() != f)) {
                return null;
            }
            f = t.field();
        }
        return f;
    }
}
