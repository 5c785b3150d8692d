package io.nflint.nft.parse;

import io.nflint.ir.nft.NftExpr;
import java.util.Locale;

/** A short nft-like text of an expression, for messages and for options kept as text. */
public final class NftExprText {

    private NftExprText() {
    }

    public static String of(NftExpr e) {
        if (e instanceof NftExpr.Value v) {
            return v.text();
        } else if (e instanceof NftExpr.Payload p) {
            return p.protocol() + " " + p.field();
        } else if (e instanceof NftExpr.Meta m) {
            return "meta " + m.key();
        } else if (e instanceof NftExpr.Prefix p) {
            return of(p.address()) + "/" + p.length();
        } else if (e instanceof NftExpr.Range r) {
            return of(r.low()) + "-" + of(r.high());
        } else if (e instanceof NftExpr.SetRef s) {
            return "@" + s.name();
        } else if (e instanceof NftExpr.Concat c) {
            return String.join(" . ", c.parts().stream().map(NftExprText::of).toList());
        } else if (e instanceof NftExpr.MapLookup m) {
            return of(m.key()) + " map " + of(m.map());
        } else if (e instanceof NftExpr.SetLiteral) {
            return "{ … }";
        } else if (e instanceof NftExpr.Binop b) {
            return of(b.left()) + " " + b.op() + " " + of(b.right());
        } else if (e instanceof NftExpr.Ct c) {
            return "ct " + (c.direction() == null ? "" : c.direction() + " ") + c.key();
        } else {
            return e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        }
    }

}
