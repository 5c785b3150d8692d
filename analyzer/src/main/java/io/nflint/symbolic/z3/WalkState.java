package io.nflint.symbolic.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;

/**
 * The symbolic state while walking rules: {@code live} holds for the packets still traversing the
 * current chain; {@code verdict} is the hook's verdict so far (see {@link Encoding#NONE} …); marks,
 * the conntrack state, the notrack flag and the header are threaded through in SSA style (each
 * change is an {@code ite} on the condition of the rule that made it); {@code masqueraded} records
 * a MASQUERADE, whose address is the out interface's.
 */
public record WalkState(BoolExpr live, BitVecExpr verdict, BitVecExpr mark, BitVecExpr connmark, BitVecExpr ct,
                 BoolExpr notrack, BoolExpr masqueraded, Header header) {

    WalkState withLive(BoolExpr l) {
        return new WalkState(l, verdict, mark, connmark, ct, notrack, masqueraded, header);
    }

    WalkState withVerdict(BitVecExpr v) {
        return new WalkState(live, v, mark, connmark, ct, notrack, masqueraded, header);
    }

    WalkState withMarks(BitVecExpr m, BitVecExpr cm) {
        return new WalkState(live, verdict, m, cm, ct, notrack, masqueraded, header);
    }

    WalkState withNotrack(BoolExpr n) {
        return new WalkState(live, verdict, mark, connmark, ct, n, masqueraded, header);
    }

    WalkState withHeader(Header h, BoolExpr masq) {
        return new WalkState(live, verdict, mark, connmark, ct, notrack, masq, h);
    }
}
