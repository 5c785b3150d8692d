package io.nflint.symbolic;

import io.nflint.ir.Ip;

/**
 * One concrete packet as the symbolic engine hands it back (a witness), with the state netfilter
 * keeps beside the header. Interfaces are null when the packet has none (locally generated packets
 * have no in interface, locally delivered ones no out interface).
 */
public record WitnessPacket(String inIface, String outIface, int proto, Ip src, int sport, Ip dst, int dport,
                     int icmpType, int icmpCode, int tcpFlags, String ctState, long mark, long connmark) {

    /** {@code tcp 198.51.100.20:40001 -> 198.51.100.10:8080, in eth0}, as findings print witnesses. */
    public String describe() {
        StringBuilder sb = new StringBuilder(protoName(proto)).append(' ');
        boolean ports = proto == 6 || proto == 17 || proto == 132;
        sb.append(addr(src)).append(ports ? ":" + sport : "").append(" -> ").append(addr(dst)).append(ports ? ":" + dport : "");
        if (proto == 1 || proto == 58) {
            sb.append(" type ").append(icmpType).append(" code ").append(icmpCode);
        }
        if (inIface != null) {
            sb.append(", in ").append(inIface);
        }
        if (outIface != null) {
            sb.append(", out ").append(outIface);
        }
        if (ctState != null && !ctState.equals("NEW")) {
            sb.append(", ctstate ").append(ctState);
        }
        if (mark != 0) {
            sb.append(", mark 0x").append(Long.toHexString(mark));
        }
        return sb.toString();
    }

    private static String addr(Ip ip) {
        return ip.v6() ? "[" + ip + "]" : ip.toString();
    }

    public static String protoName(int proto) {
        switch (proto) {
            case 1: return "icmp";
            case 6: return "tcp";
            case 17: return "udp";
            case 58: return "icmpv6";
            case 132: return "sctp";
            default: return "proto " + proto;
        }
    }
}
