package io.nflint.rules.checks;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.analysis.HostAnalysis;
import io.nflint.host.Route;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.rules.support.ContainerProbes;
import io.nflint.walk.Walker;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/**
 * Walks a TCP connection and a UDP datagram (HTTPS, DNS) from each non-internal container network
 * to the outside, and then their replies; reports the first that the rules discard, at the rule or
 * policy that discards it. ip_forward=0 is NFL203's and --internal networks have no egress by design.
 *
 * <p>Hand-written container firewalls often let only some containers out ({@code -s 10.0.0.4 -i br-x
 * ! -o br-x -j ACCEPT}) and drop the rest on purpose. When another address of the same network that the
 * rules name as a source does get out, the drop of the probed address is per-container policy, not a
 * broken network: the finding is kept, as info, and says which address does get out.
 */
@CheckInfo(id = "NFL202", name = "egress-dropped", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "Container traffic to the outside, or its reply, is dropped")
public final class EgressDroppedCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        Optional<HostAnalysis> forwarding = ContainerProbes.forwardingAnalysis(context);
        if (forwarding.isEmpty()) {
            return;
        }
        HostAnalysis a = forwarding.get();
        Optional<Ruleset> rs = ContainerProbes.v4(context);
        Optional<Route> up = ContainerProbes.uplink(a.host(), ContainerProbes.OUTSIDE);
        if (up.isEmpty()) {
            return;
        }
        Walker w = ContainerProbes.forwardingWalker(context);
        for (ContainerNetwork n : a.networks()) {
            if (n.internal()) {
                continue;
            }
            List<Ip> sources = ContainerProbes.sources(a, n);
            if (sources.isEmpty()) {
                continue;
            }
            Ip src = sources.get(0);
            for (Packet p : List.of(Packet.tcp(src, ContainerProbes.CLIENT_PORT, ContainerProbes.OUTSIDE, 443),
                    Packet.udp(src, ContainerProbes.CLIENT_PORT, ContainerProbes.OUTSIDE, 53))) {
                if (check(sink, rs.get(), a, n, w, WalkRequest.arriving(n.bridge(), p), up.get().device())) {
                    break;
                }
            }
        }
    }

    /** Reports and returns true when the packet or its reply is discarded by the rules. */
    private static boolean check(FindingSink sink, Ruleset rs, HostAnalysis a, ContainerNetwork n, Walker w,
                                 WalkRequest req, String uplink) {
        Outcome first = w.walk(req).outcomes().get(0);
        String who = ContainerProbes.nameOf(a, req.packet().src()) + " on " + n.name();
        String what = req.packet().protoName() + "/" + req.packet().dport();
        if (!first.delivered()) {
            Optional<Ip> allowed = allowedSibling(rs, n, w, req, uplink);
            String msg = who + " cannot reach the outside (" + what + "): the packet is "
                    + ContainerProbes.verdictWord(first);
            String why = allowed.map(ip -> "; " + ip + " on the same network does get out, so this looks like a"
                    + " per-container egress policy rather than a broken network").orElse("");
            return report(sink, rs, req, first, msg, why, n, uplink, false);
        }
        if (!uplink.equals(first.outIface())) {
            return false; // routed elsewhere (a VPN, another bridge): not egress to the uplink
        }
        Outcome reply = w.walk(req.asReply()).outcomes().get(0);
        if (!reply.delivered()) {
            return report(sink, rs, req.asReply(), reply, who + " sends " + what + " to the outside, but the reply is "
                    + ContainerProbes.verdictWord(reply) + " on its way back", "", n, uplink, true);
        }
        return false;
    }

    /**
     * Another address of {@code n}, one the rules name as a single-host source, whose same packet
     * leaves by the uplink with its reply coming back: proof that the rules select containers on purpose.
     */
    private static Optional<Ip> allowedSibling(Ruleset rs, ContainerNetwork n, Walker w, WalkRequest req,
                                               String uplink) {
        Set<Ip> named = new LinkedHashSet<>();
        for (Rule r : rs.rules()) {
            for (io.nflint.lower.FieldTest am : io.nflint.lower.FieldTests.whole(io.nflint.lower.LoweredRule.of(r),
                    io.nflint.lower.Field.IP_SADDR)) {
                if (!am.negated()) {
                    for (IpNet net : am.nets()) {
                        if (net.length() == 32 && n.subnet().contains(net.address())
                                && !net.address().equals(n.gateway()) && !net.address().equals(req.packet().src())) {
                            named.add(net.address());
                        }
                    }
                }
            }
        }
        for (Ip ip : named) {
            WalkRequest other = WalkRequest.arriving(req.inIface(), req.packet().withSrc(ip, req.packet().sport()));
            Outcome o = w.walk(other).outcomes().get(0);
            if (o.delivered() && uplink.equals(o.outIface()) && w.walk(other.asReply()).outcomes().get(0).delivered()) {
                return Optional.of(ip);
            }
        }
        return Optional.empty();
    }

    private static boolean report(FindingSink sink, Ruleset rs, WalkRequest req, Outcome o, String message,
                                  String why, ContainerNetwork n, String uplink, boolean reply) {
        Optional<TraceStep> last = ContainerProbes.lastStep(o, "ip");
        if (last.isEmpty() || last.get().target() == null
                || !(last.get().target().startsWith("DROP") || last.get().target().startsWith("REJECT"))) {
            return false; // the kernel, not a rule, discarded it (no route, martian): not this check's business
        }
        TraceStep s = last.get();
        SourceSpan at = ContainerProbes.spanOf(rs, s).orElse(ContainerProbes.anchor(rs, s.table(), s.chain()));
        FindingSink.Report rep = sink.at(at, message + " by " + s.table() + " " + s.chain()
                        + (s.kind() == TraceStep.Kind.POLICY ? " policy " + s.target() : " (" + s.target() + ")") + why)
                .witness(ContainerProbes.witness(req, o))
                .help(reply
                        ? "accept replies early in FORWARD: -I FORWARD -o " + n.bridge()
                        + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
                        : "accept the network's outbound traffic: -A FORWARD -i " + n.bridge() + " -o " + uplink
                        + " -j ACCEPT (Docker: -A FORWARD -i " + n.bridge() + " ! -o " + n.bridge() + " -j ACCEPT)");
        ContainerProbes.ruleOf(rs, s).ifPresentOrElse(rep::rule, () -> rep.location(s.table(), s.chain(), ""));
        if (!why.isEmpty()) {
            rep.severity(Severity.INFO);
        }
        rep.report();
        return true;
    }
}
