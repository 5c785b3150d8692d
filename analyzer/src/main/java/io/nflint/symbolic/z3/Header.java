package io.nflint.symbolic.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;

/**
 * The packet header as one point of a path sees it; NAT replaces fields with {@code ite} terms, so
 * later stages see the translated header as a function of the one that arrived.
 */
public record Header(BitVecExpr src, BitVecExpr dst, BitVecExpr proto, BitVecExpr sport, BitVecExpr dport,
              BitVecExpr icmpType, BitVecExpr icmpCode, BitVecExpr tcpFlags, BoolExpr fragment,
              BitVecExpr inIf, BitVecExpr outIf) {

    Header withSrc(BitVecExpr v, BitVecExpr port) {
        return new Header(v, dst, proto, port, dport, icmpType, icmpCode, tcpFlags, fragment, inIf, outIf);
    }

    Header withDst(BitVecExpr v, BitVecExpr port) {
        return new Header(src, v, proto, sport, port, icmpType, icmpCode, tcpFlags, fragment, inIf, outIf);
    }

    Header withInIf(BitVecExpr v) {
        return new Header(src, dst, proto, sport, dport, icmpType, icmpCode, tcpFlags, fragment, v, outIf);
    }

    public Header withOutIf(BitVecExpr v) {
        return new Header(src, dst, proto, sport, dport, icmpType, icmpCode, tcpFlags, fragment, inIf, v);
    }
}
