package io.nflint.walk;

/**
 * The connection the first packet created, as {@code conntrack -L} would show it once confirmed:
 * the original tuple as it arrived, the reply tuple after NAT (so a DNAT shows as a reply source
 * other than the original destination), the connection mark, and whether it was confirmed (an
 * entry whose packet is dropped before the last hook never is).
 */
public record ConntrackEntry(Flow original, Flow reply, long mark, boolean dnat, boolean snat, boolean confirmed) {

    @Override
    public String toString() {
        return "orig " + original + ", reply " + reply
                + (mark != 0 ? ", mark 0x" + Long.toHexString(mark) : "")
                + (dnat ? ", [DNAT]" : "") + (snat ? ", [SNAT]" : "")
                + (confirmed ? "" : ", unconfirmed");
    }
}
