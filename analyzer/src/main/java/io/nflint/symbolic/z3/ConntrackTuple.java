package io.nflint.symbolic.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import io.nflint.lower.Field;
import io.nflint.lower.Values;
import java.util.function.BiFunction;

/**
 * The connection's tuples and NAT status bits ({@code ct original|reply saddr …}, {@code ct status
 * dnat|snat}, xt_conntrack's {@code --ctorigdst} and friends). For the first packet of a connection
 * they follow from the path: the original tuple is the header that arrived, the reply tuple the
 * current header reversed (conntrack builds it as the inverse and NAT rewrites the reply side as it
 * rewrites the packet), and a status bit is set once NAT changed that side of the tuple
 * ({@code nf_nat_setup_info} sets {@code IPS_DST_NAT} only when the new tuple differs). Packets of
 * an older connection carry a tuple the path does not show: one unknown per field and value, shared
 * by every rule that tests the same thing, because one connection answers it the same way each time.
 * A packet without a connection (INVALID, untracked) has none of these, and the test fails.
 */
final class ConntrackTuple {

    private ConntrackTuple() {
    }

    static BoolExpr test(Encoding enc, Field f, Values v, WalkState st, BiFunction<BitVecExpr, Values, BoolExpr> address,
                         BiFunction<BitVecExpr, Values, BoolExpr> interval) {
        Header in = enc.input;
        Header h = st.header();
        BoolExpr exact = switch (f) {
            case CT_ORIGINAL_SADDR -> address.apply(in.src(), v);
            case CT_ORIGINAL_DADDR -> address.apply(in.dst(), v);
            case CT_ORIGINAL_SPORT -> interval.apply(in.sport(), v);
            case CT_ORIGINAL_DPORT -> interval.apply(in.dport(), v);
            case CT_REPLY_SADDR -> address.apply(h.dst(), v);
            case CT_REPLY_DADDR -> address.apply(h.src(), v);
            case CT_REPLY_SPORT -> interval.apply(h.dport(), v);
            case CT_REPLY_DPORT -> interval.apply(h.sport(), v);
            default -> status(enc, (Values.Symbols) v, in, h);
        };
        if (exact == null) {
            return null;
        }
        BitVecExpr ct = st.ct();
        BoolExpr none = enc.or(st.notrack(), enc.ctx.mkEq(ct, enc.num(0, 3)));
        BoolExpr first = enc.or(enc.ctx.mkEq(ct, enc.num(Encoding.CT_NEW, 3)), enc.ctx.mkEq(ct, enc.num(Encoding.CT_RELATED, 3)));
        BoolExpr older = enc.unknown("ct " + f.name().toLowerCase(java.util.Locale.ROOT) + " " + v,
                "the conntrack entry of an established connection (" + f.name().toLowerCase(java.util.Locale.ROOT) + ")");
        return (BoolExpr) enc.ctx.mkITE(none, enc.ctx.mkFalse(), enc.ctx.mkITE(first, exact, older));
    }

    private static BoolExpr status(Encoding enc, Values.Symbols v, Header in, Header h) {
        BoolExpr any = enc.ctx.mkFalse();
        for (String s : v.names()) {
            if (s.equals("DNAT")) {
                any = enc.or(any, enc.not(enc.and(enc.ctx.mkEq(h.dst(), in.dst()), enc.ctx.mkEq(h.dport(), in.dport()))));
            } else if (s.equals("SNAT")) {
                any = enc.or(any, enc.not(enc.and(enc.ctx.mkEq(h.src(), in.src()), enc.ctx.mkEq(h.sport(), in.sport()))));
            } else {
                return null;
            }
        }
        return any;
    }
}
