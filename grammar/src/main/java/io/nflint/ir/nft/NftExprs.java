package io.nflint.ir.nft;

import java.util.ArrayList;
import java.util.List;

/**
 * Every expression a statement holds, nested ones included, so that a question about what a rule
 * reads or writes ("does it test the mark?") is asked of the IR, not of the rule's printed text.
 */
public final class NftExprs {

    private NftExprs() {
    }

    /** The statement's expressions, each followed by its sub-expressions, in the order written. */
    public static List<NftExpr> of(NftStmt s) {
        List<NftExpr> out = new ArrayList<>();
        if (s instanceof NftStmt.Match m) {
            add(m.left(), out);
            add(m.right(), out);
        } else if (s instanceof NftStmt.VerdictMap vm) {
            add(vm.key(), out);
            add(vm.map(), out);
        } else if (s instanceof NftStmt.Nat n) {
            n.address().ifPresent(e -> add(e, out));
            n.port().ifPresent(e -> add(e, out));
        } else if (s instanceof NftStmt.Assign a) {
            add(a.target(), out);
            add(a.value(), out);
        } else if (s instanceof NftStmt.SetUpdate u) {
            add(u.key(), out);
        }
        return out;
    }

    private static void add(NftExpr e, List<NftExpr> out) {
        out.add(e);
        if (e instanceof NftExpr.Binop b) {
            add(b.left(), out);
            add(b.right(), out);
        } else if (e instanceof NftExpr.Prefix p) {
            add(p.address(), out);
        } else if (e instanceof NftExpr.Range r) {
            add(r.low(), out);
            add(r.high(), out);
        } else if (e instanceof NftExpr.Concat c) {
            c.parts().forEach(x -> add(x, out));
        } else if (e instanceof NftExpr.SetLiteral l) {
            for (NftElement el : l.elements()) {
                add(el.key(), out);
                el.data().ifPresent(d -> add(d, out));
            }
        } else if (e instanceof NftExpr.MapLookup ml) {
            add(ml.key(), out);
            add(ml.map(), out);
        } else if (e instanceof NftExpr.Hash h) {
            add(h.over(), out);
        }
    }
}
