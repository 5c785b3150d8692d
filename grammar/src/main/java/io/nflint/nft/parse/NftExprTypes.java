package io.nflint.nft.parse;

import io.nflint.ir.nft.NftExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The nft datatype of a selector ({@code ip saddr} → ipv4_addr), as set declarations name them. */
public final class NftExprTypes {

    private NftExprTypes() {
    }

    /** The datatypes of a key (several for a concatenation); empty where nflint does not know the type. */
    public static Optional<List<String>> of(NftExpr e) {
        if (e instanceof NftExpr.Concat c) {
            List<String> out = new ArrayList<>();
            for (NftExpr p : c.parts()) {
                Optional<List<String>> t = of(p);
                if (t.isEmpty()) {
                    return Optional.empty();
                }
                out.addAll(t.get());
            }
            return Optional.of(out);
        }
        String sel = null;
        if (e instanceof NftExpr.Payload p) {
            sel = p.protocol() + " " + p.field();
        } else if (e instanceof NftExpr.Meta m) {
            sel = "meta " + m.key();
        } else if (e instanceof NftExpr.Ct c) {
            sel = "ct " + (c.direction() == null ? "" : c.direction() + " ")
                    + (c.family() == null ? "" : c.family() + " ") + c.key();
        }
        if (sel == null) {
            return Optional.empty();
        }
        String t = NftVocabulary.typeOf(sel);
        return t.equals("integer") ? Optional.empty() : Optional.of(List.of(t));
    }
}
