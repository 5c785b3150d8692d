package io.nflint.rules.support;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftElement;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftSet;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What the rules of an nft table refer to: chains (jump/goto, also inside verdict maps and named
 * maps) and named sets/maps ({@code @name} wherever it stands).
 */
public final class NftRefs {

    /** A jump or goto from {@code from}; {@code rule} is null for an element of a named map. */
    public record Jump(String from, String to, boolean isGoto, SourceSpan span, NftRule rule) { }

    /** A reference to a named set or map, with the key expression it is looked up with (null if none). */
    public record SetUse(String chain, String set, NftExpr key, SourceSpan span, NftRule rule) { }

    private NftRefs() {
    }

    /**
     * The tables of every nft ruleset that parsed without a syntax error: on a partial parse a
     * reference may point at what the error swallowed, so reference checks stay quiet there.
     */
    public static List<NftTable> completeTables(io.nflint.rules.CheckContext context) {
        return context.nftRulesets().stream().filter(NftRefs::complete)
                .flatMap(rs -> rs.tables().stream()).toList();
    }

    /** True when the ruleset was read completely, so that "X is missing" is a fact about the file. */
    public static boolean complete(io.nflint.ir.nft.NftRuleset rs) {
        return rs.diagnostics().stream().noneMatch(d -> d.kind() == io.nflint.ir.ParseDiagnostic.Kind.SYNTAX);
    }

    public static List<Jump> jumps(NftTable t) {
        List<Jump> out = new ArrayList<>();
        for (NftChain c : t.chains()) {
            for (NftRule r : c.rules()) {
                for (NftStmt s : r.statements()) {
                    if (s instanceof NftStmt.Verdict v && v.chain().isPresent()) {
                        out.add(new Jump(c.name(), v.chain().get(), v.kind() == NftStmt.VerdictKind.GOTO, v.span(), r));
                    } else if (s instanceof NftStmt.VerdictMap vm) {
                        // an anonymous map's entry is pointed at itself ("br0" : jump x), not the whole statement
                        verdicts(vm.map(), vm.span(), (v, at) -> out.add(new Jump(c.name(), v.chain(),
                                v.kind() == NftStmt.VerdictKind.GOTO, at, r)));
                        if (vm.map() instanceof NftExpr.SetRef ref) {
                            t.set(ref.name()).ifPresent(m -> m.elements().forEach(e -> e.data().ifPresent(d ->
                                    verdicts(d, e.span(), (v, at) -> out.add(new Jump(c.name(), v.chain(),
                                            v.kind() == NftStmt.VerdictKind.GOTO, e.span(), r))))));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The verdicts in {@code e}, each with the span of the element that holds it ({@code at} if none). */
    private static void verdicts(NftExpr e, SourceSpan at, BiConsumer<NftExpr.Verdict, SourceSpan> sink) {
        if (e instanceof NftExpr.Verdict v && v.chain() != null) {
            sink.accept(v, at);
        } else if (e instanceof NftExpr.SetLiteral s) {
            for (NftElement el : s.elements()) {
                el.data().ifPresent(d -> verdicts(d, el.span() == null ? at : el.span(), sink));
            }
        }
    }

    public static List<SetUse> setUses(NftTable t) {
        List<SetUse> out = new ArrayList<>();
        for (NftChain c : t.chains()) {
            for (NftRule r : c.rules()) {
                for (NftStmt s : r.statements()) {
                    if (s instanceof NftStmt.Match m) {
                        collect(c.name(), m.left(), m.right(), m.span(), r, out);
                        collect(c.name(), null, m.left(), m.span(), r, out);
                    } else if (s instanceof NftStmt.VerdictMap vm) {
                        collect(c.name(), vm.key(), vm.map(), vm.span(), r, out);
                    } else if (s instanceof NftStmt.SetUpdate su) {
                        out.add(new SetUse(c.name(), su.set(), su.key(), su.span(), r));
                    } else if (s instanceof NftStmt.Assign a) {
                        collect(c.name(), null, a.value(), a.span(), r, out);
                    } else if (s instanceof NftStmt.Nat n) {
                        n.address().ifPresent(x -> collect(c.name(), null, x, n.span(), r, out));
                        n.port().ifPresent(x -> collect(c.name(), null, x, n.span(), r, out));
                    } else if (s instanceof NftStmt.Action a) {
                        a.options().values().forEach(v -> {
                            int at = v.indexOf('@');
                            if (at >= 0) {
                                out.add(new SetUse(c.name(), v.substring(at + 1).split("[ ,]")[0], null, a.span(), r));
                            }
                        });
                        if (a.name().equals("flow") && a.options().containsKey("flowtable")) {
                            out.add(new SetUse(c.name(), a.options().get("flowtable"), null, a.span(), r));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void collect(String chain, NftExpr key, NftExpr e, SourceSpan span, NftRule r, List<SetUse> out) {
        if (e instanceof NftExpr.SetRef ref) {
            out.add(new SetUse(chain, ref.name(), key, span, r));
        } else if (e instanceof NftExpr.MapLookup ml) {
            collect(chain, null, ml.key(), span, r, out);
            collect(chain, ml.key(), ml.map(), span, r, out);
        } else if (e instanceof NftExpr.Binop b) {
            collect(chain, null, b.left(), span, r, out);
            collect(chain, null, b.right(), span, r, out);
        } else if (e instanceof NftExpr.Concat c) {
            c.parts().forEach(p -> collect(chain, null, p, span, r, out));
        }
    }

    /** Where a finding about a table element points when it is reported. */
    public static String where(NftTable t) {
        return "table " + t.family().keyword() + " " + t.name();
    }

    public static boolean isDefined(NftTable t, String setOrFlowtable) {
        return t.set(setOrFlowtable).isPresent()
                || t.flowtables().stream().anyMatch(f -> f.name().equals(setOrFlowtable));
    }

    static List<NftSet> sets(NftTable t) {
        return t.sets();
    }
}
