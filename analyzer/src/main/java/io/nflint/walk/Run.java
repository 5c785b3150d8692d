package io.nflint.walk;

import io.nflint.ir.Chain;
import io.nflint.ir.Ip;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.ir.target.Ct;
import io.nflint.ir.target.Dnat;
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
final class Run extends NatStep {

    Run(Walker walker, Forks forks, Phase phase, ConntrackEntry previous) {
        super(walker, forks, phase, previous);
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
    private boolean runStages(List<Stage> planned, String brOutPort) {
        List<Stage> stages = walker.plan(planned, pkt.v6());
        for (int at = 0; at < stages.size(); at++) {
            Stage s = stages.get(at);
            if (ended) {
                return false;
            }
            if (s instanceof Stage.Chain c) {
                if (!chain(c, brOutPort, lastNat(stages, at))) {
                    return false;
                }
            } else if (s instanceof Stage.NftBase n) {
                if (!nftChain(n, lastNat(stages, at))) {
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

    /**
     * Whether no nat chain of this stage's hook follows it: after the last one, a connection without a
     * mapping gets its null binding and no nat chain of the hook is consulted again.
     */
    private static boolean lastNat(List<Stage> stages, int at) {
        Hook hook = hookOf(stages.get(at));
        for (int i = at + 1; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (hook != null && hookOf(s) == hook && (s instanceof Stage.NftBase n ? n.nat() : ((Stage.Chain) s).natOnly())) {
                return false;
            }
        }
        return true;
    }

    private static Hook hookOf(Stage s) {
        return s instanceof Stage.NftBase n ? n.hook()
                : s instanceof Stage.Chain c && !c.bridgeFamily() ? c.hook() : null;
    }

    /** A native nft base chain; nat chains as in {@link #chain}. */
    private boolean nftChain(Stage.NftBase n, boolean lastNat) {
        if (n.nat() && natSkipped(n.hook())) {
            return true;
        }
        view(n.hook(), false, null);
        TableVerdict v = walker.nft().walkChain(this, n);
        if (n.nat() && lastNat) {
            nullBinding(n.hook());
        }
        return verdict(v);
    }

    /** nat chains see only a tracked connection's first packet, and only until one sets up its mapping. */
    private boolean natSkipped(Hook hook) {
        boolean dstManip = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
        return untracked || phase != Phase.FIRST || (dstManip ? natDstDone : natSrcDone);
    }

    /** After a hook's last nat chain a connection without a mapping has its null binding: no nat chain runs again. */
    private void nullBinding(Hook hook) {
        if (hook == Hook.PREROUTING || hook == Hook.OUTPUT) {
            natDstDone = true;
        } else {
            natSrcDone = true;
        }
    }

    private boolean chain(Stage.Chain c, String brOutPort, boolean lastNat) {
        boolean nat = c.natOnly() && !c.bridgeFamily();
        Ruleset rs = c.bridgeFamily() ? walker.bridgeRules() : walker.ipRules(pkt.v6());
        Optional<Table> table = rs == null ? Optional.empty() : rs.table(c.table());
        if (nat && natSkipped(c.hook())) {
            return true;
        }
        if (table.isEmpty()) {
            if (nat && lastNat && phase == Phase.FIRST) {
                nullBinding(c.hook());
            }
            return true;
        }
        view(c.hook(), c.bridgeFamily(), brOutPort);
        String family = c.bridgeFamily() ? "eb" : pkt.v6() ? "ip6" : "ip";
        TableVerdict v = ChainTraversal.run(table.get(), c.chain(), family, new RuleHandler(c), steps);
        if (nat && lastNat) {
            nullBinding(c.hook());
        }
        if (c.bridgeFamily() && c.table().equals("broute") && v.kind() == TableVerdict.Kind.DROP) {
            // in the broute table DROP means "do not bridge, hand the frame to the IP stack"
            brouted = true;
            notes.add("ebtables broute DROP: the frame is routed by the host instead of bridged");
            return true;
        }
        return verdict(v);
    }

    /** A table's or base chain's verdict: ACCEPT goes on to the hook's next one, the others end the packet. */
    private boolean verdict(TableVerdict v) {
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

    /** Sets the interfaces the hook shows: no out in PREROUTING/INPUT, no in in OUTPUT (nor POSTROUTING for the host's own). */
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
                in = null;
                break;
            case POSTROUTING:
                // ip_output hands the hook indev = skb->dev: a forwarded packet still shows its input
                // interface (nft's iifname in Docker's nat-POSTROUTING reads it; iptables refuses -i here)
                if (locallyGenerated || bridgeFamily) {
                    in = null;
                }
                break;
            default:
                break;
        }
        pkt = pkt.withIfaces(in, out);
        if (brOutPort != null && bridgeFamily) {
            pkt = pkt.withIfaces(null, curOut).withPhys(null, brOutPort);
        }
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
            if (walker.removed(rule)) {
                return false;
            }
            List<String> unknowns = new ArrayList<>();
            MatchContext ctx = new MatchContext(pkt, stage.hook(), bridgeFamily, locallyGenerated, bridgeInfo,
                    connection(), host, phase == Phase.REPLY);
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
}
