package io.nflint.symbolic.z3;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.Context;
import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;
import io.nflint.walk.NatRangeHashProbe;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both engines compute the kernel's pick from a NAT address range alike: the Z3 term of
 * {@link NatRangeHashEncoding}, simplified on concrete addresses, equals the walker's
 * {@code NatRangeHash} for IPv4 and IPv6, DNAT and SNAT, with and without --persistent.
 */
class NatRangeHashAgreementTest {

    @Test
    void z3TermAndWalkerAgreeOnRandomTuples() {
        Random rnd = new Random(21);
        try (Context ctx = new Context()) {
            NatRangeHashEncoding enc = new NatRangeHashEncoding(ctx);
            for (int n = 0; n < 300; n++) {
                boolean v6 = n % 3 == 0;
                boolean persistent = n % 5 == 0;
                boolean forSource = n % 2 == 0;
                Ip src = random(rnd, v6);
                Ip dst = random(rnd, v6);
                Ip from = random(rnd, v6);
                Ip to = v6 ? new Ip(true, from.hi(), from.lo() + 1 + rnd.nextInt(1000)) : Ip.v4(from.v4Value() + 1 + rnd.nextInt(1000));
                if (v6 && n % 6 == 0) {
                    to = new Ip(true, from.hi() + 1 + rnd.nextInt(3), rnd.nextLong());
                }
                AddressRange range = new AddressRange(from, to);
                Ip walker = NatRangeHashProbe.pick(range, src, dst, persistent, forSource);
                BitVecExpr term = enc.pick(range, bv(ctx, src), bv(ctx, dst), persistent, forSource);
                BigInteger z3 = ((BitVecNum) term.simplify()).getBigInteger();
                assertThat(z3).as("%s %s -> %s in %s persistent=%s snat=%s", src, dst, walker, range, persistent, forSource)
                        .isEqualTo(value(walker));
            }
        }
    }

    private static Ip random(Random rnd, boolean v6) {
        return v6 ? new Ip(true, rnd.nextLong(), rnd.nextLong()) : Ip.v4(rnd.nextInt());
    }

    private static BitVecExpr bv(Context ctx, Ip ip) {
        return ip.v6() ? ctx.mkBV(value(ip).toString(), 128) : ctx.mkBV(ip.v4Value() & 0xffffffffL, 32);
    }

    private static BigInteger value(Ip ip) {
        if (!ip.v6()) {
            return BigInteger.valueOf(ip.v4Value() & 0xffffffffL);
        }
        return new BigInteger(Long.toUnsignedString(ip.hi())).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(ip.lo())));
    }
}
