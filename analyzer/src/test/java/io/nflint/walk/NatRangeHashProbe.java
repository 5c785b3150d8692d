package io.nflint.walk;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;

/** Test access to the walker's NAT range hash from other packages (the symbolic engine's agreement test). */
public final class NatRangeHashProbe {

    private NatRangeHashProbe() {
    }

    public static Ip pick(AddressRange range, Ip src, Ip dst, boolean persistent, boolean forSource) {
        return NatRangeHash.pick(range, src, dst, persistent, forSource);
    }
}
