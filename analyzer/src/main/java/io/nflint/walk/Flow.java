package io.nflint.walk;

import io.nflint.ir.Ip;

/** One direction of a connection as conntrack keys it: protocol and both endpoints. */
public record Flow(int proto, Ip src, int sport, Ip dst, int dport) {

    public static Flow of(Packet p) {
        return new Flow(p.proto(), p.src(), p.sport(), p.dst(), p.dport());
    }

    /** The other direction: what a reply to this flow carries. */
    public Flow inverse() {
        return new Flow(proto, dst, dport, src, sport);
    }

    @Override
    public String toString() {
        String s = sport < 0 ? src.toString() : (src.v6() ? "[" + src + "]:" : src + ":") + sport;
        String d = dport < 0 ? dst.toString() : (dst.v6() ? "[" + dst + "]:" : dst + ":") + dport;
        return s + " -> " + d;
    }
}
