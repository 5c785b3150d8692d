package io.nflint.lower.nft;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.nft.NftElement;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftSet;
import io.nflint.ir.nft.NftStmt.RelOp;
import io.nflint.ir.nft.NftTable;
import io.nflint.lower.Field;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * nft relations ({@code left op right}) as predicates over fields: the one place that says what an
 * nft match means. Named sets are read from the rule's table; a set rules fill at run time
 * ({@code flags dynamic}, timeouts, {@code add @set}) is "may".
 */
final class NftPredicates {

    private final NftTable table;
    private final Set<String> updatedSets;

    NftPredicates(NftTable table, Set<String> updatedSets) {
        this.table = table;
        this.updatedSets = updatedSets;
    }

    static Pred opaque(String text, String reason) {
        return new Pred.Opaque(text, reason);
    }

    Pred relation(NftExpr left, RelOp op, NftExpr right, String text) {
        Pred p = positive(left, op, right, text);
        if (p instanceof Pred.Opaque) {
            return p;
        }
        boolean negated = op == RelOp.NE || op == RelOp.NOT;
        Pred guard = guard(left);
        Pred r = Pred.not(p, negated);
        return guard == null ? r : new Pred.All(List.of(guard, r));
    }

    /** The protocol dependencies of a selector or of each part of a concatenation. */
    private static Pred guard(NftExpr left) {
        if (left instanceof NftExpr.Binop b) {
            return guard(b.left());
        }
        if (left instanceof NftExpr.Concat c) {
            List<Pred> gs = new ArrayList<>();
            for (NftExpr part : c.parts()) {
                Pred g = guard(part);
                if (g != null) {
                    gs.add(g);
                }
            }
            return gs.isEmpty() ? null : gs.size() == 1 ? gs.get(0) : new Pred.All(gs);
        }
        NftSelectors.Sel s = NftSelectors.of(left);
        return s == null ? null : s.guard();
    }

    private Pred positive(NftExpr left, RelOp op, NftExpr right, String text) {
        if (left instanceof NftExpr.Concat c) {
            List<NftElement> elements = elements(right, text);
            if (elements == null) {
                return unknownSet(right, text);
            }
            List<Pred> any = new ArrayList<>();
            for (NftElement e : elements) {
                Pred p = concatEquals(c, e.key(), text);
                if (p instanceof Pred.Opaque) {
                    return p;
                }
                any.add(p);
            }
            return new Pred.Any(any);
        }
        if (left instanceof NftExpr.Binop b && b.op().equals("&") && b.right() instanceof NftExpr.Value mask) {
            NftSelectors.Sel s = NftSelectors.of(b.left());
            OptionalLong m = NftConstants.number(mask.text(), NftConstants.Kind.NUMBER);
            if (s == null || m.isEmpty() || !(s.kind() == NftSelectors.Kind.MARK || s.kind() == NftSelectors.Kind.TCP_FLAGS
                    || s.kind() == NftSelectors.Kind.NUMBER) || !(right instanceof NftExpr.Value v)) {
                return opaque(text, "'" + text + "' is not modelled");
            }
            OptionalLong val = s.kind() == NftSelectors.Kind.TCP_FLAGS ? flagBits(List.of(v.text()))
                    : NftConstants.number(v.text(), NftConstants.Kind.NUMBER);
            if (val.isEmpty()) {
                return opaque(text, "'" + v.text() + "' is not a value nflint reads");
            }
            long mm = m.getAsLong();
            return new Pred.Test(s.field(), new Values.Masked(val.getAsLong() & mm, mm));
        }
        NftSelectors.Sel s = NftSelectors.of(left);
        if (s == null) {
            return opaque(text, "'" + describe(left) + "' is not modelled");
        }
        if (op == RelOp.LT || op == RelOp.GT || op == RelOp.LE || op == RelOp.GE) {
            return ordered(s, op, right, text);
        }
        if (right instanceof NftExpr.SetRef || right instanceof NftExpr.SetLiteral) {
            List<NftElement> elements = elements(right, text);
            if (elements == null) {
                return unknownSet(right, text);
            }
            List<Pred> any = new ArrayList<>();
            for (NftElement e : elements) {
                Pred p = equals(s, e.key(), RelOp.EQ, text);
                if (p instanceof Pred.Opaque) {
                    return p;
                }
                any.add(p);
            }
            return new Pred.Any(any);
        }
        return equals(s, right, op, text);
    }

    private Pred unknownSet(NftExpr right, String text) {
        String name = right instanceof NftExpr.SetRef r ? "@" + r.name() : describe(right);
        return opaque(text, "the contents of " + name + " change at run time (or are not known)");
    }

    /** The elements of a set literal or a named set whose contents are fixed; null when they are not. */
    List<NftElement> elements(NftExpr right, String text) {
        if (right instanceof NftExpr.SetLiteral l) {
            return l.elements();
        }
        if (right instanceof NftExpr.SetRef r) {
            Optional<NftSet> set = table == null ? Optional.empty() : table.set(r.name());
            if (set.isEmpty() || updatedSets.contains(r.name()) || set.get().flags().contains("dynamic")
                    || set.get().timeoutMs().isPresent()
                    || set.get().elements().stream().anyMatch(e -> e.timeoutMs().isPresent())) {
                return null;
            }
            return set.get().elements();
        }
        return null;
    }

    /** {@code a . b . c} against one element key {@code x . y . z}: every part equal. */
    Pred concatEquals(NftExpr.Concat left, NftExpr key, String text) {
        List<NftExpr> values = key instanceof NftExpr.Concat k ? k.parts() : List.of(key);
        if (values.size() != left.parts().size()) {
            return opaque(text, "element '" + describe(key) + "' does not have " + left.parts().size() + " parts");
        }
        List<Pred> all = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            NftSelectors.Sel s = NftSelectors.of(left.parts().get(i));
            if (s == null) {
                return opaque(text, "'" + describe(left.parts().get(i)) + "' is not modelled");
            }
            Pred p = equals(s, values.get(i), RelOp.EQ, text);
            if (p instanceof Pred.Opaque) {
                return p;
            }
            all.add(p);
        }
        return new Pred.All(all);
    }

    /** A key of any shape (selector or concatenation) equal to one element key; used by maps. */
    Pred keyEquals(NftExpr key, NftExpr element, String text) {
        if (key instanceof NftExpr.Concat c) {
            return concatEquals(c, element, text);
        }
        NftSelectors.Sel s = NftSelectors.of(key);
        if (s == null) {
            return opaque(text, "'" + describe(key) + "' is not modelled");
        }
        return equals(s, element, RelOp.EQ, text);
    }

    static Pred equals(NftSelectors.Sel s, NftExpr v, RelOp op, String text) {
        Values values = values(s, v, op);
        if (values == null) {
            return opaque(text, "'" + describe(v) + "' is not a value nflint reads for this field");
        }
        if (values instanceof Values.Symbols sym && s.field() == Field.CT_STATUS
                && !Set.of("DNAT", "SNAT").containsAll(sym.names())) {
            return opaque(text, "ct status " + String.join(",", sym.names()).toLowerCase(Locale.ROOT)
                    + " is not modelled (only snat and dnat are)");
        }
        if (s.kind() == NftSelectors.Kind.TCP_FLAGS && op == RelOp.IN && values instanceof Values.Masked m) {
            // "tcp flags syn,ack": any of the flags is set
            List<Pred> any = new ArrayList<>();
            for (long bit = 1; bit <= 0x80; bit <<= 1) {
                if ((m.value() & bit) != 0) {
                    any.add(new Pred.Test(s.field(), new Values.Masked(bit, bit)));
                }
            }
            return new Pred.Any(any);
        }
        return new Pred.Test(s.field(), values);
    }

    private static Values values(NftSelectors.Sel s, NftExpr v, RelOp op) {
        switch (s.kind()) {
            case ADDRESS -> {
                return address(v);
            }
            case NUMBER -> {
                if (v instanceof NftExpr.Range r && r.low() instanceof NftExpr.Value lo && r.high() instanceof NftExpr.Value hi) {
                    OptionalLong a = NftConstants.number(lo.text(), s.number());
                    OptionalLong b = NftConstants.number(hi.text(), s.number());
                    return a.isPresent() && b.isPresent() ? new Values.Interval(a.getAsLong(), b.getAsLong()) : null;
                }
                if (v instanceof NftExpr.Value x) {
                    OptionalLong a = NftConstants.number(x.text(), s.number());
                    return a.isPresent() ? Values.Interval.of(a.getAsLong()) : null;
                }
                return null;
            }
            case NAME -> {
                if (v instanceof NftExpr.Value x) {
                    String t = x.text();
                    return new Values.Name(t.endsWith("*") ? t.substring(0, t.length() - 1) + "+" : t);
                }
                return null;
            }
            case STATE, LOWER_SYMBOL -> {
                List<String> names = v instanceof NftExpr.Flags f ? f.names()
                        : v instanceof NftExpr.Value x ? List.of(x.text()) : null;
                if (names == null) {
                    return null;
                }
                Set<String> out = new LinkedHashSet<>();
                for (String n : names) {
                    out.add(s.kind() == NftSelectors.Kind.STATE ? n.toUpperCase(Locale.ROOT) : n.toLowerCase(Locale.ROOT));
                }
                return new Values.Symbols(out);
            }
            case MARK -> {
                if (v instanceof NftExpr.Value x) {
                    OptionalLong a = NftConstants.number(x.text(), NftConstants.Kind.NUMBER);
                    return a.isPresent() ? new Values.Masked(a.getAsLong() & 0xffffffffL, 0xffffffffL) : null;
                }
                return null;
            }
            case TCP_FLAGS -> {
                List<String> names = v instanceof NftExpr.Flags f ? f.names()
                        : v instanceof NftExpr.Value x ? List.of(x.text()) : null;
                OptionalLong bits = names == null ? OptionalLong.empty() : flagBits(names);
                if (bits.isEmpty()) {
                    return null;
                }
                return op == RelOp.IN || op == RelOp.NOT ? new Values.Masked(bits.getAsLong(), bits.getAsLong())
                        : new Values.Masked(bits.getAsLong(), 0xff);
            }
            case MAC -> {
                return v instanceof NftExpr.Value x ? new Values.Mac(x.text().toLowerCase(Locale.ROOT), null) : null;
            }
            default -> {
                return null;
            }
        }
    }

    private static OptionalLong flagBits(List<String> names) {
        long bits = 0;
        for (String n : names) {
            OptionalLong b = NftConstants.number(n, NftConstants.Kind.TCP_FLAGS);
            if (b.isEmpty()) {
                return OptionalLong.empty();
            }
            bits |= b.getAsLong();
        }
        return OptionalLong.of(bits);
    }

    static Values address(NftExpr v) {
        if (v instanceof NftExpr.Value x) {
            return Ip.parse(x.text()).map(ip -> (Values) new Values.Nets(List.of(IpNet.host(ip)))).orElse(null);
        }
        if (v instanceof NftExpr.Prefix p && p.address() instanceof NftExpr.Value x) {
            return Ip.parse(x.text()).map(ip -> (Values) new Values.Nets(List.of(IpNet.of(ip, p.length())))).orElse(null);
        }
        if (v instanceof NftExpr.Range r && r.low() instanceof NftExpr.Value lo && r.high() instanceof NftExpr.Value hi) {
            Optional<Ip> a = Ip.parse(lo.text());
            Optional<Ip> b = Ip.parse(hi.text());
            if (a.isPresent() && b.isPresent() && a.get().v6() == b.get().v6()) {
                return new Values.Addresses(new AddressRange(a.get(), b.get()));
            }
        }
        return null;
    }

    private static Pred ordered(NftSelectors.Sel s, RelOp op, NftExpr right, String text) {
        if (s.kind() != NftSelectors.Kind.NUMBER || !(right instanceof NftExpr.Value v)) {
            return opaque(text, "'" + text + "' is not modelled");
        }
        OptionalLong n = NftConstants.number(v.text(), s.number());
        if (n.isEmpty()) {
            return opaque(text, "'" + v.text() + "' is not a value nflint reads");
        }
        long x = n.getAsLong();
        Values.Interval i = switch (op) {
            case LT -> new Values.Interval(Long.MIN_VALUE, x - 1);
            case LE -> new Values.Interval(Long.MIN_VALUE, x);
            case GT -> new Values.Interval(x + 1, Long.MAX_VALUE);
            default -> new Values.Interval(x, Long.MAX_VALUE);
        };
        return new Pred.Test(s.field(), i);
    }

    static String describe(NftExpr e) {
        return io.nflint.nft.parse.NftExprText.of(e);
    }
}
