package io.nflint.lower;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/** Walks over a predicate's parts, for readers that ask what it tests rather than evaluate it. */
public final class Preds {

    private Preds() {
    }

    /** Every test and presence check, in order, including those under negations and kernel-implied guards. */
    public static void leaves(Pred p, Consumer<Pred> out) {
        if (p instanceof Pred.Test || p instanceof Pred.Present) {
            out.accept(p);
        } else if (p instanceof Pred.Not n) {
            leaves(n.pred(), out);
        } else if (p instanceof Pred.Implied i) {
            leaves(i.pred(), out);
        } else if (p instanceof Pred.All a) {
            a.preds().forEach(x -> leaves(x, out));
        } else if (p instanceof Pred.Any a) {
            a.preds().forEach(x -> leaves(x, out));
        } else if (p instanceof Pred.IfAbsent g) {
            leaves(g.present(), out);
        }
    }

    /** The fields the predicate reads. */
    public static Set<Field> fields(Pred p) {
        Set<Field> out = EnumSet.noneOf(Field.class);
        leaves(p, x -> out.add(x instanceof Pred.Test t ? t.field() : ((Pred.Present) x).field()));
        return out;
    }
}
