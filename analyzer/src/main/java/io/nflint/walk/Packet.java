package io.nflint.walk;

import io.nflint.ir.CtState;
import io.nflint.ir.Family;
import io.nflint.ir.Ip;

/**
 * One packet as the hooks see it at some point of its walk: the header the rules match on, the
 * interfaces the kernel knows at that hook, and the per-packet state rules can read or set.
 * {@code src} may be null in a request for a locally generated packet: routing then picks it.
 * Ports are -1 for protocols without ports; ICMP type/code are -1 for non-ICMP packets.
 *
 * @param tcpFlags  TCP flag bits as the tcp header numbers them (SYN = 2, ACK = 16, …)
 * @param in        the in interface (the bridge for a bridged frame), null where the hook has none
 * @param out       the out interface, null where the hook has none
 * @param ctState   the conntrack state rules see; null before the conntrack lookup
 * @param physIn    the bridge port a frame came in on (only for frames that passed a bridge)
 * @param physOut   the bridge port a bridged frame leaves by
 * @param srcMac    optional; matches on MACs are unknown when null
 */
public record Packet(Family family, int proto, Ip src, int sport, Ip dst, int dport, int icmpType, int icmpCode,
                     int tcpFlags, String in, String out, long mark, long ctMark, CtState ctState,
                     String physIn, String physOut, String srcMac, String dstMac) {

    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;
    public static final int SCTP = 132;

    public static final int SYN = 2;
    public static final int ACK = 16;
    public static final int RST = 4;

    public static Packet tcp(Ip src, int sport, Ip dst, int dport) {
        return new Packet(family(dst), TCP, src, sport, dst, dport, -1, -1, SYN, null, null, 0, 0, null,
                null, null, null, null);
    }

    public static Packet udp(Ip src, int sport, Ip dst, int dport) {
        return new Packet(family(dst), UDP, src, sport, dst, dport, -1, -1, 0, null, null, 0, 0, null,
                null, null, null, null);
    }

    /** An ICMP (or ICMPv6) echo request; its id plays the role of the source port for conntrack. */
    public static Packet ping(Ip src, Ip dst) {
        boolean v6 = dst.v6();
        return new Packet(family(dst), v6 ? ICMPV6 : ICMP, src, -1, dst, -1, v6 ? 128 : 8, 0, 0, null, null, 0, 0,
                null, null, null, null, null);
    }

    /** Protocol by name (tcp, udp, icmp, icmpv6, sctp) with ports where the protocol has them. */
    public static Packet of(String proto, Ip src, int sport, Ip dst, int dport) {
        switch (proto) {
            case "tcp":
                return tcp(src, sport, dst, dport);
            case "udp":
                return udp(src, sport, dst, dport);
            case "icmp":
            case "icmpv6":
                return ping(src, dst);
            case "sctp":
                return new Packet(family(dst), SCTP, src, sport, dst, dport, -1, -1, 0, null, null, 0, 0, null,
                        null, null, null, null);
            default:
                throw new IllegalArgumentException("unknown protocol " + proto);
        }
    }

    private static Family family(Ip ip) {
        return ip.v6() ? Family.IPV6 : Family.IPV4;
    }

    public boolean v6() {
        return family == Family.IPV6;
    }

    public boolean hasPorts() {
        return proto == TCP || proto == UDP || proto == SCTP || proto == 136;
    }

    public boolean isIcmp() {
        return proto == ICMP || proto == ICMPV6;
    }

    public String protoName() {
        switch (proto) {
            case TCP:
                return "tcp";
            case UDP:
                return "udp";
            case ICMP:
                return "icmp";
            case ICMPV6:
                return "icmpv6";
            case SCTP:
                return "sctp";
            default:
                return Integer.toString(proto);
        }
    }

    public Packet withSrc(Ip ip, int port) {
        return new Packet(family, proto, ip, port, dst, dport, icmpType, icmpCode, tcpFlags, in, out, mark, ctMark,
                ctState, physIn, physOut, srcMac, dstMac);
    }

    public Packet withDst(Ip ip, int port) {
        return new Packet(family, proto, src, sport, ip, port, icmpType, icmpCode, tcpFlags, in, out, mark, ctMark,
                ctState, physIn, physOut, srcMac, dstMac);
    }

    public Packet withIfaces(String newIn, String newOut) {
        return new Packet(family, proto, src, sport, dst, dport, icmpType, icmpCode, tcpFlags, newIn, newOut, mark,
                ctMark, ctState, physIn, physOut, srcMac, dstMac);
    }

    public Packet withPhys(String newPhysIn, String newPhysOut) {
        return new Packet(family, proto, src, sport, dst, dport, icmpType, icmpCode, tcpFlags, in, out, mark, ctMark,
                ctState, newPhysIn, newPhysOut, srcMac, dstMac);
    }

    public Packet withMark(long newMark) {
        return new Packet(family, proto, src, sport, dst, dport, icmpType, icmpCode, tcpFlags, in, out,
                newMark & 0xffffffffL, ctMark, ctState, physIn, physOut, srcMac, dstMac);
    }

    public Packet withCtMark(long newCtMark) {
        return new Packet(family, proto, src, sport, dst, dport, icmpType, icmpCode, tcpFlags, in, out, mark,
                newCtMark & 0xffffffffL, ctState, physIn, physOut, srcMac, dstMac);
    }

    public Packet withCtState(CtState state) {
        return new Packet(family, proto, src, sport, dst, dport, icmpType, icmpCode, tcpFlags, in, out, mark, ctMark,
                state, physIn, physOut, srcMac, dstMac);
    }

    public Packet withTcpFlags(int flags) {
        return new Packet(family, proto, src, sport, dst, dport, icmpType, icmpCode, flags, in, out, mark, ctMark,
                ctState, physIn, physOut, srcMac, dstMac);
    }

    public Packet withIcmp(int type, int code) {
        return new Packet(family, proto, src, sport, dst, dport, type, code, tcpFlags, in, out, mark, ctMark,
                ctState, physIn, physOut, srcMac, dstMac);
    }

    public Packet withMacs(String newSrcMac, String newDstMac) {
        return new Packet(family, proto, src, sport, dst, dport, icmpType, icmpCode, tcpFlags, in, out, mark, ctMark,
                ctState, physIn, physOut, newSrcMac, newDstMac);
    }

    /** The header only, as {@code proto src:sport -> dst:dport}. */
    public String describe() {
        return protoName() + " " + endpoint(src, sport) + " -> " + endpoint(dst, dport);
    }

    private static String endpoint(Ip ip, int port) {
        if (ip == null) {
            return "(unset)" + (port < 0 ? "" : ":" + port);
        }
        if (port < 0) {
            return ip.toString();
        }
        return ip.v6() ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
