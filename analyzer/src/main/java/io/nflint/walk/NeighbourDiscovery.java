package io.nflint.walk;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IPv6 neighbour discovery as a step of a packet's path. Before a neighbour on the link sends the
 * host a packet (for the host, or for it to route), it resolves the host's address: its neighbour
 * solicitation (ICMPv6 135 to the target's solicited-node group, hop limit 255) must pass PREROUTING
 * and INPUT, and the host's advertisement (136, back to the neighbour) OUTPUT and POSTROUTING. If
 * either is dropped the neighbour never sends the packet. Conntrack does not track ND
 * (nf_conntrack_proto_icmpv6's noct_valid_new: UNTRACKED), so an INPUT that accepts only
 * RELATED,ESTABLISHED and its services blocks it — typically an IPv4 {@code -p icmp} accept copied to
 * ip6tables, which does not cover ICMPv6.
 */
public final class NeighbourDiscovery {

    public static final int SOLICITATION = 135;
    public static final int ADVERTISEMENT = 136;
    /**
     * How the note of a walk that ends here begins. The sender's own kernel then reports the address
     * unreachable (EHOSTUNREACH, "No route to host") once its solicitations time out.
     */
    public static final String NOTE = "neighbour discovery fails";
    private static final IpNet LINK_LOCAL = IpNet.parse("fe80::/10").orElseThrow();

    private NeighbourDiscovery() {
    }

    /** One walk of the exchange that ends at a rule: the packet of ND that does not get through. */
    public record Blocked(String what, WalkRequest request, Outcome outcome) {
    }

    /**
     * Resolving {@code target} (an address of the host on {@code iface}) for {@code neighbour}: the
     * walks of the solicitation and the advertisement.
     */
    public record Resolution(String iface, Ip neighbour, Ip target, WalkResult solicitation, WalkResult advertisement) {

        /** The walk that fails on every path (the solicitation first), or empty when resolution can succeed. */
        public Optional<Blocked> blocked() {
            Optional<Blocked> ns = allBlocked("the neighbour solicitation", solicitation, true);
            return ns.isPresent() ? ns : allBlocked("the neighbour advertisement", advertisement, false);
        }

        private static Optional<Blocked> allBlocked(String what, WalkResult r, boolean toHost) {
            for (Outcome o : r.outcomes()) {
                if (!endedByRules(o, toHost)) {
                    return Optional.empty();
                }
            }
            return r.outcomes().isEmpty() ? Optional.empty() : Optional.of(new Blocked(what, r.request(), r.outcomes().get(0)));
        }

        /** A sentence for a trace or a finding: who cannot resolve what, and why. */
        public String explain(Blocked b) {
            return NOTE + ": " + b.what() + " (" + b.request().packet().describe() + ", "
                    + (b.request().local() ? "sent by the host" : "arriving on " + iface) + ") is dropped by the rules, so "
                    + neighbour + " cannot resolve " + target + " on " + iface + " and never sends the packet";
        }
    }

    /** Walks the exchange by which {@code neighbour} on {@code iface} resolves the host's {@code target}. */
    public static Resolution resolve(Walker walker, String iface, Ip neighbour, Ip target) {
        Packet ns = Packet.ping(neighbour, solicitedNode(target)).withIcmp(SOLICITATION, 0);
        Packet na = Packet.ping(target, neighbour).withIcmp(ADVERTISEMENT, 0);
        return new Resolution(iface, neighbour, target, walker.walk(WalkRequest.arriving(iface, ns)),
                walker.walk(WalkRequest.local(na)));
    }

    /** ff02::1:ffXX:XXXX, the group a solicitation for {@code target} is sent to (RFC 4291 §2.7.1). */
    public static Ip solicitedNode(Ip target) {
        return new Ip(true, 0xff02000000000000L, 0x00000001ff000000L | (target.lo() & 0xffffffL));
    }

    /** ND and MLD messages, which conntrack leaves UNTRACKED (nf_conntrack_proto_icmpv6's noct_valid_new). */
    static boolean untracked(Packet p) {
        if (p.proto() != Packet.ICMPV6) {
            return false;
        }
        int t = p.icmpType();
        return (t >= 130 && t <= 136) || t == 143 || t == 151 || t == 152;
    }

    /**
     * The step for a walk request: an IPv6 packet arriving from an on-link neighbour on a plain
     * interface needs that neighbour to resolve the host there first. Empty when the step does not
     * apply (local, IPv4, loopback, bridges and their ports, senders beyond a router, ND itself) or
     * resolution gets through.
     */
    static Optional<Outcome> blockedArrival(Walker walker, WalkRequest req) {
        Packet p = req.packet();
        HostView host = walker.host();
        String in = req.inIface();
        if (req.local() || !p.v6() || p.src() == null || p.dst() == null || untracked(p) || p.proto() == Packet.ICMPV6
                && p.icmpType() == 137 || host.isLoopback(in) || host.isBridge(in) || host.bridgeOf(in).isPresent()
                || MatchEval.isMulticast(p.src()) || host.isLocal(p.src())) {
            return Optional.empty();
        }
        if (!LINK_LOCAL.contains(p.src())) {
            Optional<HostView.RouteHit> back = host.route(p.src());
            if (back.isEmpty() || !in.equals(back.get().iface()) || back.get().gateway() != null) {
                return Optional.empty(); // a router resolved the host: its address is not known
            }
        }
        Optional<Ip> target = host.isLocalOn(in, p.dst()) ? Optional.of(p.dst()) : host.selectSource(in, p.src(), p.src(), false);
        if (target.isEmpty() || !target.get().v6()) {
            return Optional.empty();
        }
        Resolution r = resolve(walker, in, p.src(), target.get());
        Optional<Blocked> b = r.blocked();
        if (b.isEmpty()) {
            return Optional.empty();
        }
        List<String> notes = new ArrayList<>(b.get().outcome().notes());
        notes.add(r.explain(b.get()));
        return Optional.of(new Outcome(WalkVerdict.DROP, null, "none", null, p, b.get().outcome().steps(), notes,
                List.of(), null));
    }

    /** The packet was dropped or rejected by a rule or a policy, not lost to routing. */
    private static boolean endedByRules(Outcome o, boolean toHost) {
        if (toHost ? o.deliveredLocally() : o.delivered()) {
            return false;
        }
        if (o.verdict() != WalkVerdict.DROP && o.verdict() != WalkVerdict.REJECT || o.steps().isEmpty()) {
            return false;
        }
        TraceStep last = o.steps().get(o.steps().size() - 1);
        String t = last.target() == null ? "" : last.target();
        return t.startsWith("DROP") || t.startsWith("REJECT");
    }
}
