package io.nflint.host;

import io.nflint.ir.Ip;

/**
 * The packet fields an ipset lookup may read. Any field may be null (not known to the caller); a
 * lookup that needs a null field answers "unknown".
 *
 * @param proto lower-case protocol name as ipset prints it: tcp, udp, sctp, udplite, icmp, icmpv6
 */
public record SetPacket(
        Ip src,
        Ip dst,
        String proto,
        Integer sport,
        Integer dport,
        String inIface,
        String outIface,
        String physIn,
        String physOut,
        Long mark,
        String srcMac,
        String dstMac) {

    public static SetPacket of(Ip src, Ip dst, String proto, Integer sport, Integer dport) {
        return new SetPacket(src, dst, proto, sport, dport, null, null, null, null, null, null, null);
    }

    public SetPacket withIfaces(String in, String out) {
        return new SetPacket(src, dst, proto, sport, dport, in, out, physIn, physOut, mark, srcMac, dstMac);
    }

    public SetPacket withMark(Long newMark) {
        return new SetPacket(src, dst, proto, sport, dport, inIface, outIface, physIn, physOut, newMark, srcMac, dstMac);
    }
}
