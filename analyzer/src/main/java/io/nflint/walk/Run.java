package io.nflint.walk;

import io.nflint.ir.Chain;
import io.nflint.ir.CtState;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.ir.target.Ct;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Masquerade;
import io.nflint.ir.target.Netmap;
import io.nflint.ir.target.Notrack;
import io.nflint.ir.target.Redirect;
import io.nflint.ir.target.Reject;
import io.nflint.ir.target.Snat;
import io.nflint.ir.target.Target;
import io.nflint.ir.target.UnknownTarget;
import io.nflint.pipeline.Hook;
import io.nflint.pipeline.HookPlan;
import io.nflint.pipeline.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One deterministic run of the walk for one packet (the forks decide the nondeterministic
 * matches). Holds the packet, its connection and where it is; follows the {@link HookPlan} stages
 * and makes the kernel's own decisions between them: routing, bridging, hairpin, forwarding.
 */
final class Run {

    enum Phase { FIRST, ESTABLISHED, REPLY }

    private static final Ip LOOPBACK4 = Ip.v4(127, 0, 0, 1);
    private static final IpNet LOOPNET4 = IpNet.of(Ip.v4(127, 0, 0, 0), 8);

    private final Walker walker;
    private final HostView host;
    private final Forks forks;
    private final Phase phase;
    private final ConntrackEntry previous;

    final List<TraceStep> steps = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Packet pkt;
    private String curIn;
    private String curOut;
    private boolean locallyGenerated;
    private boolean bridgeInfo;
    private boolean brouted;

    // the connection
    private Flow original;
    private boolean untracked;
    private boolean natDstDone;
    private boolean natSrcDone;
    private boolean dnat;
    private boolean snat;
    private boolean confirmed;

    // the routing decision
    private boolean routeLocal;
    private String routeOut;

    // how it ended
    private boolean ended;
    private WalkVerdict verdict;
    private String rejectWith;
    private String deliveredTo = "none";
    private String outIface;
    String physOutAtEnd;

    /**
     * The first packet belongs to a connection a conntrack helper (ftp, sip, tftp, …) expects: its
     * state is RELATED, and since no NAT binding exists yet (unless the helper's NAT half set one up,
     * which the walker does not model) the nat table sees it as it sees a NEW packet.
     */
    private boolean relatedFirst;

    void relatedFirst() {
        this.relatedFirst = true;
        notes.add("assumed: a conntrack helper (ftp, sip, tftp, …) expects this connection, so its first packet is"
                + " RELATED and passes the nat table like a NEW one");
    }

    Run(Walker walker, Forks forks, Phase phase, ConntrackEntry previous) {
        this.walker = walker;
        this.host = walker.host();
        this.forks = forks;
        this.phase = phase;
        this.previous = previous;
    }

    // ---- entry points ------------------------------------------------------------------------

    /** A packet arriving on {@code iface} (uplink, bridge, or bridge port; {@code physIn} optional). */
    void arrive(Packet packet, String iface) {
        pkt = start(packet);
        String bridge = host.isBridge(iface) ? iface : host.bridgeOf(iface).orElse(null);
        if (bridge == null && !host.hasInterface(iface) && packet.src() != null) {
            // an interface the host model does not know, sending from a bridge's subnet: a container's veth
            Optional<HostView.RouteHit> back = host.route(packet.src());
            if (back.isPresent() && back.get().type() == HostView.RouteHit.Type.UNICAST && back.get().gateway() == null
                    && host.isBridge(back.get().iface())) {
                bridge = back.get().iface();
                notes.add("assumed " + iface + " is a port of " + bridge + " (" + packet.src() + " is on its subnet)");
            }
        }
        if (bridge != null) {
            String port = packet.physIn() != null ? packet.physIn()
                    : !iface.equals(bridge) ? iface : portName(bridge, packet.src());
            bridgeIn(bridge, port);
        } else {
            ipIn(iface);
        }
    }

    /** A packet generated on the host; its source is chosen by routing when null. */
    void local(Packet packet) {
        pkt = start(packet);
        locallyGenerated = true;
        curIn = null;
        if (!runStages(Plans.OUTPUT)) {
            return;
        }
        postroutingAndOut();
    }

    private Packet start(Packet p) {
        Packet s = p.withIfaces(null, null).withPhys(null, null).withCtState(null).withMark(0);
        if (previous != null) {
            s = s.withCtMark(previous.mark());
        }
        return s;
    }

    // ---- paths -------------------------------------------------------------------------------

    private int loopbackPasses;

    private void ipIn(String in) {
        curIn = in;
        curOut = null;
        if (pkt.v6() && !host.isLoopback(in) && pkt.src() != null && pkt.dst() != null) {
            String martian = martian6(pkt.src(), pkt.dst());
            if (martian != null) {
                end(WalkVerdict.DROP, null, "martian " + martian + " on " + in + ": dropped on receipt, before PREROUTING");
                return;
            }
        }
        if (!runStages(Plans.PREROUTING)) {
            return;
        }
        afterRoute();
    }

    private void afterRoute() {
        if (routeLocal) {
            curOut = null;
            if (runStages(Plans.INPUT)) {
                deliverLocal();
            }
            return;
        }
        curOut = routeOut;
        if (!runStages(Plans.FORWARD)) {
            return;
        }
        postroutingAndOut();
    }

    private void postroutingAndOut() {
        if (!runStages(Plans.POSTROUTING)) {
            return;
        }
        if (host.isLoopback(curOut)) {
            if (loopbackPasses++ > 0) {
                // lo only carries packets for this host; a route that sends others into it again is a loop
                end(WalkVerdict.DROP, null, pkt.dst() + " is routed into lo again after coming back from it: routing loop");
                return;
            }
            // the loopback device hands the packet straight back to PREROUTING on lo
            notes.add("sent through the loopback device and received again on lo");
            physOutAtEnd = null;
            ipIn(curOut);
            return;
        }
        if (host.isBridge(curOut)) {
            String port = portName(curOut, pkt.dst());
            physOutAtEnd = port;
            String in = curIn;
            curIn = null;
            if (!runStages(Plans.BRIDGE_OUTPUT, port)) {
                return;
            }
            curIn = in;
        }
        deliver(curOut);
    }

    /** A frame from a bridge port: ebtables and (bridge-nf-call-iptables) iptables PREROUTING in the bridge. */
    private void bridgeIn(String bridge, String port) {
        boolean bnf = host.bridgeNfCallIptables(pkt.v6());
        bridgeInfo = bnf;
        curIn = bridge;
        curOut = null;
        pkt = pkt.withPhys(port, null);
        List<Stage> all = Plans.bridged(bnf);
        int decision = indexOfBridgeDecision(all);
        Ip dstBefore = pkt.dst();
        if (!runStages(all.subList(0, decision))) {
            return;
        }
        boolean l2;
        if (brouted) {
            l2 = false;
        } else if (!pkt.dst().equals(dstBefore)) {
            Optional<HostView.RouteHit> hit = host.route(pkt.dst());
            l2 = hit.isPresent() && hit.get().type() == HostView.RouteHit.Type.UNICAST
                    && bridge.equals(hit.get().iface()) && hit.get().gateway() == null;
            if (l2) {
                notes.add("bridged DNAT: the new destination " + pkt.dst() + " is on " + bridge
                        + ", so br_netfilter sends the frame back into the bridge");
            }
        } else {
            l2 = !host.isLocal(pkt.dst()) && onLink(bridge, pkt.dst());
        }
        if (!l2) {
            notes.add("the frame is for the host (" + bridge + "), not for another port of the bridge");
            if (!bnf) {
                bridgeInfo = false;
                pkt = pkt.withPhys(null, null);
            }
            if (!runStages(Plans.bridgedToHost(bnf))) {
                return;
            }
            afterRoute();
            return;
        }
        String outPort = portName(bridge, pkt.dst());
        if (outPort.equals(port)) {
            boolean hairpin = hairpinOn(bridge, port);
            if (!hairpin) {
                end(WalkVerdict.DROP, null, "bridge port " + port + " has hairpin mode off: the bridge does not "
                        + "send a frame back out of the port it came in on");
                return;
            }
            notes.add("hairpin mode on " + port + ": the frame goes back out of the port it came in on");
        }
        curOut = bridge;
        pkt = pkt.withPhys(port, outPort);
        physOutAtEnd = outPort;
        if (!runStages(all.subList(decision + 1, all.size()))) {
            return;
        }
        notes.add("bridged out of " + bridge + " port " + outPort);
        deliver(bridge);
    }

    private static int indexOfBridgeDecision(List<Stage> stages) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) instanceof Stage.BridgeDecision) {
                return i;
            }
        }
        throw new IllegalStateException("bridged plan without a bridge decision");
    }

    private boolean onLink(String bridge, Ip dst) {
        Optional<HostView.RouteHit> hit = host.route(dst);
        return hit.isPresent() && hit.get().type() == HostView.RouteHit.Type.UNICAST
                && bridge.equals(hit.get().iface()) && hit.get().gateway() == null;
    }

    private boolean hairpinOn(String bridge, String port) {
        Optional<Boolean> h = host.hairpin(bridge, port);
        if (h.isEmpty()) {
            notes.add("hairpin mode of " + port + " is not known: assumed off (the kernel default)");
            return false;
        }
        return h.get();
    }

    /** The bridge port behind which {@code ip} lives; a made-up name when the host does not say. */
    private String portName(String bridge, Ip ip) {
        return host.portFor(bridge, ip).orElse(bridge + "-port(" + ip + ")");
    }

    // ---- stages ------------------------------------------------------------------------------

    private boolean runStages(List<Stage> stages) {
        return runStages(stages, null);
    }

    /** Runs the stages in order; false when the packet ended. {@code brOutPort}: the port for ebtables output hooks. */
    private boolean runStages(List<Stage> stages, String brOutPort) {
        for (Stage s : stages) {
            if (ended) {
                return false;
            }
            if (s instanceof Stage.Chain c) {
                if (!chain(c, brOutPort)) {
                    return false;
                }
            } else if (s instanceof Stage.ConntrackLookup) {
                conntrackLookup();
            } else if (s instanceof Stage.ApplyRecordedNat a) {
                applyRecordedNat(a.destination());
            } else if (s instanceof Stage.ConntrackConfirm) {
                if (phase == Phase.FIRST && !untracked) {
                    confirmed = true;
                }
            } else if (s instanceof Stage.Route) {
                if (!(locallyGenerated && curIn == null ? routeOutput() : routeInput())) {
                    return false;
                }
            } else if (s instanceof Stage.Reroute) {
                if (!reroute()) {
                    return false;
                }
            }
        }
        return !ended;
    }

    private boolean chain(Stage.Chain c, String brOutPort) {
        Ruleset rs = c.bridgeFamily() ? walker.bridgeRules() : walker.ipRules(pkt.v6());
        if (rs == null) {
            return true;
        }
        Optional<Table> table = rs.table(c.table());
        if (table.isEmpty()) {
            return true;
        }
        boolean nat = c.natOnly() && !c.bridgeFamily();
        boolean dstManip = c.hook() == Hook.PREROUTING || c.hook() == Hook.OUTPUT;
        if (nat) {
            if (untracked || phase != Phase.FIRST || (dstManip ? natDstDone : natSrcDone)) {
                return true;
            }
        }
        view(c.hook(), c.bridgeFamily(), brOutPort);
        String family = c.bridgeFamily() ? "eb" : pkt.v6() ? "ip6" : "ip";
        TableVerdict v = ChainTraversal.run(table.get(), c.chain(), family, new RuleHandler(c), steps);
        if (nat) {
            if (dstManip) {
                natDstDone = true;
            } else {
                natSrcDone = true;
            }
        }
        if (c.bridgeFamily() && c.table().equals("broute") && v.kind() == TableVerdict.Kind.DROP) {
            // in the broute table DROP means "do not bridge, hand the frame to the IP stack"
            brouted = true;
            notes.add("ebtables broute DROP: the frame is routed by the host instead of bridged");
            return true;
        }
        switch (v.kind()) {
            case ACCEPT:
                return true;
            case REJECT:
                end(WalkVerdict.REJECT, v.rejectWith(), null);
                return false;
            case LOOP:
                end(WalkVerdict.DROP, null, v.detail());
                return false;
            default:
                end(WalkVerdict.DROP, null, v.detail());
                return false;
        }
    }

    /** Sets the interfaces the hook shows: no out in PREROUTING/INPUT, no in in OUTPUT/POSTROUTING. */
    private void view(Hook hook, boolean bridgeFamily, String brOutPort) {
        String in = curIn;
        String out = curOut;
        switch (hook) {
            case PREROUTING:
            case INPUT:
            case BROUTING:
                out = null;
                break;
            case OUTPUT:
            case POSTROUTING:
                in = null;
                break;
            default:
                break;
        }
        pkt = pkt.withIfaces(in, out);
        if (brOutPort != null && bridgeFamily) {
            pkt = pkt.withIfaces(null, curOut).withPhys(null, brOutPort);
        }
    }

    private void conntrackLookup() {
        if (untracked) {
            pkt = pkt.withCtState(CtState.UNTRACKED);
            return;
        }
        switch (phase) {
            case FIRST:
                if (original == null) {
                    original = Flow.of(pkt);
                }
                pkt = pkt.withCtState(relatedFirst ? CtState.RELATED : CtState.NEW);
                break;
            default:
                pkt = pkt.withCtState(CtState.ESTABLISHED);
        }
    }

    /** Replies and later packets get the translation the first packet recorded. */
    private void applyRecordedNat(boolean destination) {
        if (previous == null || untracked) {
            return;
        }
        Flow o = previous.original();
        Flow r = previous.reply();
        if (phase == Phase.ESTABLISHED) {
            if (destination && previous.dnat()) {
                pkt = pkt.withDst(r.src(), r.sport());
            } else if (!destination && previous.snat()) {
                pkt = pkt.withSrc(r.dst(), r.dport());
            }
        } else if (phase == Phase.REPLY) {
            if (destination && previous.snat()) {
                pkt = pkt.withDst(o.src(), o.sport());
                notes.add("reply: conntrack undoes the SNAT, destination back to " + o.src());
            } else if (!destination && previous.dnat()) {
                pkt = pkt.withSrc(o.dst(), o.dport());
                notes.add("reply: conntrack undoes the DNAT, source back to " + o.dst());
            }
        }
    }

    // ---- routing -----------------------------------------------------------------------------

    private boolean routeInput() {
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
    private String martian4(Ip src, Ip dst, int proto) {
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
    private String outputMartian4(Ip src, String out) {
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

    private boolean routeType(HostView.RouteHit hit) {
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
    private boolean routeOutput() {
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

    private Ip dstAtRoute;
    private long markAtRoute;

    /** ip_route_me_harder: OUTPUT changed the destination (nat) or the mark, so route again. */
    private boolean reroute() {
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

    // ---- targets -----------------------------------------------------------------------------

    private final class RuleHandler implements ChainTraversal.Handler {
        private final Stage.Chain stage;
        private final boolean bridgeFamily;

        RuleHandler(Stage.Chain stage) {
            this.stage = stage;
            this.bridgeFamily = stage.bridgeFamily();
        }

        @Override
        public boolean matches(Rule rule) {
            List<String> unknowns = new ArrayList<>();
            MatchContext ctx = new MatchContext(pkt, stage.hook(), bridgeFamily, locallyGenerated, bridgeInfo,
                    connection(), host);
            Tri t = MatchEval.rule(walker.lowered(rule), ctx, unknowns);
            if (t == Tri.UNKNOWN) {
                return forks.decide(where(rule), String.join("; ", unknowns), walker.matchFirst(rule));
            }
            return t == Tri.TRUE;
        }

        @Override
        public String describe(Rule rule) {
            return Run.describe(rule.target());
        }

        /** The chain the traversal is in and its index: looked up once per chain, not per rule. */
        private Chain indexedChain;
        private ChainIndex index;

        @Override
        public int next(Chain chain, int from) {
            if (bridgeFamily) {
                return from;
            }
            if (chain != indexedChain) {
                indexedChain = chain;
                index = walker.index(chain);
            }
            return index == null ? from : index.next(pkt, from);
        }

        @Override
        public TableVerdict apply(Rule rule) {
            Target t = rule.target();
            if (t instanceof Reject r) {
                return TableVerdict.reject(r.with());
            }
            if (t instanceof MarkTarget m) {
                pkt = pkt.withMark(m.apply(pkt.mark()));
                return null;
            }
            if (t instanceof ConnmarkTarget c) {
                connmark(c);
                return null;
            }
            if (t instanceof Notrack || (t instanceof Ct ct && ct.notrack())) {
                untracked = true;
                return null;
            }
            if (t instanceof Dnat || t instanceof Snat || t instanceof Masquerade || t instanceof Redirect
                    || t instanceof Netmap) {
                return nat(rule, t, stage.hook());
            }
            if (t instanceof UnknownTarget u) {
                if (!u.terminal()) {
                    notes.add(where(rule) + ": target " + u.name() + " is not modelled; assumed to change nothing");
                    return null;
                }
                boolean accepted = forks.decide(where(rule), "target " + u.name() + " is not modelled: accepts or drops");
                return accepted ? TableVerdict.ACCEPT
                        : new TableVerdict(TableVerdict.Kind.DROP, null, u.name() + " took the packet (assumed)");
            }
            // LOG, NFLOG, TRACE, CHECKSUM, TCPMSS, CT helpers, rules without -j: nothing for the walk
            return null;
        }

        private String where(Rule rule) {
            return stage.table() + ":" + rule.chain() + " rule " + rule.number()
                    + (rule.span() != null ? " (line " + rule.span().line() + ")" : "");
        }
    }

    private void connmark(ConnmarkTarget c) {
        long ct = pkt.ctMark();
        long mark = pkt.mark();
        switch (c.mode()) {
            case SET:
                pkt = pkt.withCtMark((ct & ~c.mask()) ^ c.value());
                break;
            case SAVE:
                pkt = pkt.withCtMark((ct & ~c.ctmask()) ^ (mark & c.nfmask()));
                break;
            default:
                pkt = pkt.withMark((mark & ~c.nfmask()) ^ (ct & c.ctmask()));
        }
    }

    private TableVerdict nat(Rule rule, Target t, Hook hook) {
        boolean dstManip = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
        Packet before = pkt;
        String note = "";
        if (t instanceof Dnat d) {
            NatChoice.Picked p = NatChoice.pick(d.to(), pkt, false, d.persistent());
            pkt = pkt.withDst(p.address(), p.port());
            note = p.note();
        } else if (t instanceof Snat s) {
            NatChoice.Picked p = NatChoice.pick(s.to(), pkt, true, s.persistent());
            pkt = pkt.withSrc(p.address(), p.port());
            note = p.note();
        } else if (t instanceof Masquerade m) {
            // nf_nat_masquerade: the out device's address towards the next hop (the route's src does not count)
            Optional<HostView.RouteHit> hit = host.route(pkt.dst());
            Ip nextHop = hit.isPresent() && hit.get().gateway() != null && curOut != null && curOut.equals(hit.get().iface())
                    ? hit.get().gateway() : pkt.dst();
            Ip src = host.selectSource(curOut, nextHop, pkt.dst(), false).orElse(null);
            if (src == null) {
                return new TableVerdict(TableVerdict.Kind.DROP, null,
                        "MASQUERADE: " + curOut + " has no " + (pkt.v6() ? "IPv6" : "IPv4") + " address, so the kernel drops");
            }
            StringBuilder sb = new StringBuilder();
            int port = NatChoice.pickPort(m.toPorts(), pkt.sport(), pkt.hasPorts(), sb);
            pkt = pkt.withSrc(src, port);
            note = ("MASQUERADE uses " + curOut + "'s address " + src + ". " + sb).strip();
        } else if (t instanceof Redirect r) {
            Ip to;
            if (hook == Hook.OUTPUT) {
                to = pkt.v6() ? new Ip(true, 0, 1) : LOOPBACK4;
            } else {
                to = host.primaryAddress(curIn, pkt.v6()).orElse(null);
                if (to == null) {
                    return new TableVerdict(TableVerdict.Kind.DROP, null,
                            "REDIRECT: " + curIn + " has no address, so the kernel drops");
                }
            }
            StringBuilder sb = new StringBuilder();
            int port = NatChoice.pickPort(r.toPorts(), pkt.dport(), pkt.hasPorts(), sb);
            pkt = pkt.withDst(to, port);
            note = ("REDIRECT to " + (hook == Hook.OUTPUT ? "the loopback address" : curIn + "'s address") + ". " + sb).strip();
        } else if (t instanceof Netmap n) {
            IpNet to = n.to();
            if (dstManip) {
                pkt = pkt.withDst(netmap(pkt.dst(), to), pkt.dport());
            } else {
                pkt = pkt.withSrc(netmap(pkt.src(), to), pkt.sport());
            }
        }
        if (dstManip) {
            dnat = dnat || !Flow.of(before).equals(Flow.of(pkt));
        } else {
            snat = snat || !Flow.of(before).equals(Flow.of(pkt));
        }
        notes.add(rule.table() + ":" + rule.chain() + " rule " + rule.number() + ": " + describe(t) + " maps "
                + before.describe() + " to " + pkt.describe() + (note.isEmpty() ? "" : " (" + note + ")"));
        return TableVerdict.ACCEPT;
    }

    private static Ip netmap(Ip ip, IpNet to) {
        Ip mask = to.mask();
        Ip inv = new Ip(ip.v6(), ~mask.hi(), ip.v6() ? ~mask.lo() : ~mask.lo() & 0xffffffffL);
        Ip host = ip.and(inv);
        return new Ip(ip.v6(), to.address().hi() | host.hi(), to.address().lo() | host.lo());
    }

    static String describe(Target t) {
        if (t instanceof Jump j) {
            return "-j " + j.chain();
        }
        if (t instanceof Goto g) {
            return "-g " + g.chain();
        }
        if (t instanceof Reject r) {
            return "REJECT " + r.with();
        }
        if (t instanceof Dnat d) {
            return "DNAT " + d.to().get(0);
        }
        if (t instanceof Snat s) {
            return "SNAT " + s.to().get(0);
        }
        if (t instanceof Netmap n) {
            return "NETMAP " + n.to();
        }
        if (t instanceof Redirect r && r.toPorts() != null) {
            return "REDIRECT " + r.toPorts();
        }
        if (t instanceof MarkTarget m) {
            return "MARK " + m.spelled();
        }
        if (t instanceof ConnmarkTarget c) {
            return "CONNMARK " + c.mode().name().toLowerCase(java.util.Locale.ROOT);
        }
        return t.name();
    }

    // ---- ends --------------------------------------------------------------------------------

    private void end(WalkVerdict v, String with, String note) {
        ended = true;
        verdict = v;
        rejectWith = with;
        if (note != null) {
            notes.add(note);
        }
    }

    private void deliverLocal() {
        ended = true;
        verdict = WalkVerdict.ACCEPT;
        deliveredTo = "local";
        outIface = null;
        for (String l : host.listeners(pkt.protoName(), pkt.dst(), pkt.dport())) {
            notes.add("on the host, " + l + " takes it (a user-space proxy; not followed further)");
        }
    }

    private void deliver(String iface) {
        ended = true;
        verdict = WalkVerdict.ACCEPT;
        deliveredTo = iface;
        outIface = iface;
    }

    ConntrackEntry connection() {
        if (phase != Phase.FIRST) {
            return previous == null ? null : new ConntrackEntry(previous.original(), previous.reply(),
                    pkt.ctMark(), previous.dnat(), previous.snat(), true);
        }
        if (untracked || original == null) {
            return null;
        }
        return new ConntrackEntry(original, Flow.of(pkt).inverse(), pkt.ctMark(), dnat, snat, confirmed);
    }

    Outcome outcome() {
        if (!ended) {
            end(WalkVerdict.DROP, null, "the walk stopped without a decision (a bug in nflint's model)");
        }
        return new Outcome(verdict, rejectWith, deliveredTo, outIface, pkt, steps, notes, forks.taken(), connection());
    }

    boolean wasLocal() {
        return locallyGenerated;
    }
}
