package io.nflint.walk;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.Optional;

/**
 * The kernel's routing decisions between the hooks: input routing (local, forward, martians,
 * ip_forward), output routing (the out interface and the source address) and the second routing
 * after OUTPUT changed the destination or the mark.
 */
abstract class RoutingStep extends RunState {

    RoutingStep(Walker walker, Forks forks, Phase phase, ConntrackEntry previous) {
        super(walker, forks, phase, previous);
    }

    boolean routeInput() {
        Ip dst = pkt.dst();
        Ip src = pkt.src();
        boolean v6 = pkt.v6();
        boolean loopIn = host.isLoopback(curIn);
        // packets on lo keep the route their sender's output routing gave them: no martian checks
        String martian = v6 || loopIn ? null : martian4(src, dst, pkt.proto());
        if (martian != null) {
            end(WalkVerdict.DROP, null, "martian " + martian + " on " + curIn + ": the routing decision drops it");
            return false;
        }
        boolean routedGroup = MatchEval.isMulticast(dst) && host.forwardsMulticast() && !MatchEval.isLinkLocalGroup(dst);
        if (!routedGroup && (host.isLocal(dst) || host.isBroadcast(null, dst) || MatchEval.isLimitedBroadcast(dst)
                || MatchEval.isMulticast(dst))) {
            routeLocal = true;
            return true;
        }
        if (!host.ipForward(v6)) {
            end(WalkVerdict.DROP, null, (v6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward")
                    + "=0: " + dst + " is not a local address and the host does not forward (no ICMP is sent)");
            return false;
        }
        Optional<HostView.RouteHit> hit = host.route(dst);
        if (hit.isEmpty()) {
            end(WalkVerdict.REJECT, v6 ? "icmp6-no-route" : "icmp-net-unreachable", "no route to " + dst);
            return false;
        }
        if (!routeType(hit.get())) {
            return false;
        }
        routeLocal = false;
        routeOut = hit.get().iface();
        notes.add("routed: " + dst + " by the route " + hit.get().describe());
        return true;
    }

    private static final IpNet ZERONET4 = IpNet.of(Ip.v4(0, 0, 0, 0), 8);
    private static final IpNet LOCAL_GROUPS4 = IpNet.of(Ip.v4(224, 0, 0, 0), 24);

    /**
     * Why IPv4 input routing drops the packet as a martian (ip_route_input_slow, and
     * ip_mc_validate_source for multicast destinations), or null: a multicast or limited broadcast
     * source; a 0.0.0.0/8 source, except to limited broadcast and, to multicast, only for
     * link-local groups (224.0.0.0/24) or IGMP; a 0.0.0.0/8 destination; a 127.0.0.0/8 source or
     * destination without route_localnet on the interface. Reverse-path and local-source checks
     * (fib_validate_source: rp_filter, accept_local) are not modelled.
     */
    String martian4(Ip src, Ip dst, int proto) {
        if (MatchEval.isMulticast(src) || MatchEval.isLimitedBroadcast(src)) {
            return "source " + src + " (multicast or broadcast)";
        }
        boolean localnet = host.routeLocalnet(curIn);
        if (!localnet && (LOOPNET4.contains(src) || LOOPNET4.contains(dst))) {
            return (LOOPNET4.contains(dst) ? "destination " + dst : "source " + src)
                    + " (127.0.0.0/8 is only routed from a non-loopback interface with route_localnet=1)";
        }
        if (MatchEval.isMulticast(dst)) {
            if (ZERONET4.contains(src) && !LOCAL_GROUPS4.contains(dst) && proto != 2) {
                return "source " + src + " (0.0.0.0/8 may only send to link-local groups or IGMP)";
            }
            return null;
        }
        if (MatchEval.isLimitedBroadcast(dst)) {
            return null;
        }
        if (ZERONET4.contains(src) || ZERONET4.contains(dst)) {
            return (ZERONET4.contains(src) ? "source " + src : "destination " + dst) + " (0.0.0.0/8)";
        }
        return null;
    }

    /**
     * Why IPv4 output routing refuses a source (ip_route_output_key_hash_rcu, __mkroute_output), or
     * null: a multicast, limited broadcast or 0.0.0.0/8 source (0.0.0.0 itself means "pick one"), or
     * a 127.0.0.0/8 source leaving by a non-loopback interface without route_localnet there.
     */
    String outputMartian4(Ip src, String out) {
        if (MatchEval.isMulticast(src) || MatchEval.isLimitedBroadcast(src)
                || ZERONET4.contains(src) && src.v4Value() != 0) {
            return "source " + src;
        }
        if (LOOPNET4.contains(src) && !host.isLoopback(out) && !host.routeLocalnet(out)) {
            return "source " + src + " leaving by " + out + " (route_localnet=0 there)";
        }
        return null;
    }

    /**
     * Why ip6_rcv_core drops an IPv6 packet arriving on a non-loopback interface before PREROUTING,
     * or null: ::1 as source or destination, a multicast source, a multicast destination of
     * reserved (0) or interface-local (1) scope.
     */
    static String martian6(Ip src, Ip dst) {
        Ip one = new Ip(true, 0, 1);
        if (src.equals(one) || dst.equals(one)) {
            return (dst.equals(one) ? "destination " : "source ") + "::1 (only lo carries it)";
        }
        if (MatchEval.isMulticast(src)) {
            return "multicast source " + src;
        }
        if (MatchEval.isMulticast(dst) && ((dst.hi() >>> 48) & 0xf) <= 1) {
            return "destination " + dst + " (multicast of reserved or interface-local scope)";
        }
        return null;
    }

    boolean routeType(HostView.RouteHit hit) {
        switch (hit.type()) {
            case BLACKHOLE:
                end(WalkVerdict.DROP, null, "blackhole route " + hit.describe());
                return false;
            case UNREACHABLE:
                end(WalkVerdict.REJECT, pkt.v6() ? "icmp6-addr-unreachable" : "icmp-host-unreachable",
                        "unreachable route " + hit.describe());
                return false;
            case PROHIBIT:
                end(WalkVerdict.REJECT, pkt.v6() ? "icmp6-adm-prohibited" : "icmp-admin-prohibited",
                        "prohibit route " + hit.describe());
                return false;
            default:
                return true;
        }
    }

    /** Output routing: the out interface, and the source address when the request left it open. */
    boolean routeOutput() {
        Ip dst = pkt.dst();
        Optional<HostView.RouteHit> hit = host.route(dst);
        if (hit.isEmpty()) {
            end(WalkVerdict.REJECT, "ENETUNREACH", "no route to " + dst + ": the sender gets ENETUNREACH");
            return false;
        }
        if (!routeType(hit.get())) {
            return false;
        }
        Ip src = pkt.src();
        if (hit.get().type() == HostView.RouteHit.Type.LOCAL) {
            curOut = "lo";
            if (src == null) {
                src = !dst.v6() && LOOPNET4.contains(dst) ? LOOPBACK4 : dst;
            }
        } else {
            curOut = hit.get().iface();
            if (src == null) {
                src = hit.get().prefSrc() != null ? hit.get().prefSrc()
                        : host.primaryAddress(curOut, dst.v6()).orElse(null);
                if (src == null) {
                    end(WalkVerdict.REJECT, "EADDRNOTAVAIL", curOut + " has no address to send from");
                    return false;
                }
            }
        }
        String martian = dst.v6() ? null : outputMartian4(src, curOut);
        if (martian != null) {
            end(WalkVerdict.REJECT, "EINVAL", martian + ": output routing refuses it, the sender gets EINVAL");
            return false;
        }
        if (pkt.src() == null) {
            notes.add("source " + src + " chosen by routing (out " + curOut + ")");
            pkt = pkt.withSrc(src, pkt.sport());
        }
        dstAtRoute = dst;
        markAtRoute = pkt.mark();
        return true;
    }

    Ip dstAtRoute;
    long markAtRoute;

    /** ip_route_me_harder: OUTPUT changed the destination (nat) or the mark, so route again. */
    boolean reroute() {
        if (pkt.dst().equals(dstAtRoute) && pkt.mark() == markAtRoute) {
            return true;
        }
        Optional<HostView.RouteHit> hit = host.route(pkt.dst());
        if (hit.isEmpty()) {
            end(WalkVerdict.REJECT, "ENETUNREACH", "rerouting after OUTPUT: no route to " + pkt.dst());
            return false;
        }
        if (!routeType(hit.get())) {
            return false;
        }
        String newOut = hit.get().type() == HostView.RouteHit.Type.LOCAL ? "lo" : hit.get().iface();
        if (!newOut.equals(curOut)) {
            notes.add("rerouted after OUTPUT changed the destination to " + pkt.dst() + ": out " + newOut);
        }
        curOut = newOut;
        if (!pkt.v6() && LOOPNET4.contains(pkt.src()) && !host.isLoopback(curOut) && !host.routeLocalnet(curOut)) {
            end(WalkVerdict.DROP, null, "source " + pkt.src() + " may not leave through " + curOut
                    + " (route_localnet=0 there)");
            return false;
        }
        return true;
    }
}
