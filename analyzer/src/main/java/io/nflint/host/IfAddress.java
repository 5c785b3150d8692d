package io.nflint.host;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;

/** An address configured on an interface, with the prefix length it was configured with. */
public record IfAddress(Ip address, int prefixLen) {

    public IfAddress {
        if (prefixLen < 0 || prefixLen > address.bits()) {
            throw new IllegalArgumentException("prefix length " + prefixLen + " for " + address);
        }
    }

    /** The on-link subnet this address implies. */
    public IpNet subnet() {
        return IpNet.of(address, prefixLen);
    }

    public boolean v6() {
        return address.v6();
    }

    @Override
    public String toString() {
        return address + "/" + prefixLen;
    }
}
