package io.nflint.rules.checks;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.analysis.HostAnalysis;
import io.nflint.host.NetworkInfo;
import io.nflint.host.SysctlSetting;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.ContainerProbes;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.Walker;
import java.util.List;
import java.util.Optional;

/**
 * Containers of two different bridge networks that reach each other. Traffic between two bridges is
 * routed, so FORWARD always sees it, whatever bridge-nf-call-iptables says: isolation fails only when
 * the rules let it through (isolation chains missing or bypassed). Same-bridge traffic is bridged and
 * reaches iptables only with bridge-nf-call-iptables=1, so a network with enable_icc=false is reported
 * when that sysctl is 0. A container reaching another network's gateway address goes through INPUT,
 * which Docker never isolated: that is not probed.
 */
@CheckInfo(id = "NFL401", name = "isolation-missing", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "Containers on different networks (or on an enable_icc=false network) reach each other")
public final class IsolationMissingCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        Optional<HostAnalysis> forwarding = ContainerProbes.forwardingAnalysis(context);
        if (forwarding.isEmpty()) {
            return;
        }
        HostAnalysis a = forwarding.get();
        Optional<Ruleset> rs = ContainerProbes.v4(context);
        Walker w = ContainerProbes.forwardingWalker(context);
        List<ContainerNetwork> nets = a.networks();
        for (int i = 0; i < nets.size(); i++) {
            for (int j = i + 1; j < nets.size(); j++) {
                ContainerNetwork x = nets.get(i);
                ContainerNetwork y = nets.get(j);
                if (x.bridge().equals(y.bridge()) || x.internal() || y.internal()) {
                    // containers on an --internal network have no route off their subnet: neither they nor
                    // their replies can cross to another network, whatever the rules say
                    continue;
                }
                Optional<Probe> xy = probe(a, w, x, y);
                Optional<Probe> yx = probe(a, w, y, x);
                Optional<Probe> shown = xy.isPresent() ? xy : yx;
                if (shown.isEmpty()) {
                    continue;
                }
                boolean podman = ContainerProbes.engineOf(a.host(), x).equals("podman")
                        && ContainerProbes.engineOf(a.host(), y).equals("podman");
                String pair = xy.isPresent() && yx.isPresent()
                        ? "containers on " + x.name() + " and " + y.name() + " reach each other"
                        : xy.isPresent() ? "containers on " + x.name() + " reach containers on " + y.name() + " (one way)"
                        : "containers on " + y.name() + " reach containers on " + x.name() + " (one way)";
                String msg = pair + ": " + shown.get().req().packet().describe() + " is forwarded between " + x.bridge()
                        + " and " + y.bridge() + (podman ? " (podman 4 does not isolate its networks from each other by"
                        + " design)" : "");
                report(sink, rs.get(), shown.get(), msg, podman ? Severity.INFO : null,
                        "isolate them in FORWARD before any broad ACCEPT: -I FORWARD -i " + x.bridge() + " -o " + y.bridge()
                                + " -j DROP and -I FORWARD -i " + y.bridge() + " -o " + x.bridge()
                                + " -j DROP (Docker: restore DOCKER-ISOLATION-STAGE-1/2, e.g. by restarting dockerd)");
            }
        }
        iccOff(sink, rs.get(), a, w);
    }

    /** enable_icc=false networks whose intra-bridge DROP never runs because br_netfilter is off. */
    private static void iccOff(FindingSink sink, Ruleset rs, HostAnalysis a, Walker w) {
        SysctlSetting bnf = a.host().sysctls().bridgeNfCallIptablesSetting();
        if (!bnf.given() || bnf.asBoolean()) {
            return;
        }
        for (ContainerNetwork n : a.networks()) {
            boolean iccOff = a.host().networkOfBridge(n.bridge()).map(NetworkInfo::enableIcc).map(b -> !b).orElse(false);
            List<Ip> peers = ContainerProbes.sources(a, n);
            if (!iccOff || peers.size() < 2) {
                continue;
            }
            WalkRequest req = WalkRequest.arriving(n.bridge(), Packet.tcp(peers.get(0), ContainerProbes.CLIENT_PORT,
                    peers.get(1), 80));
            Outcome o = w.walk(req).outcomes().get(0);
            if (o.delivered() && n.bridge().equals(o.deliveredTo())) {
                report(sink, rs, new Probe(req, o), "network " + n.name() + " has enable_icc=false, but "
                                + "net.bridge.bridge-nf-call-iptables = 0 (sysctl.txt): frames between its containers are"
                                + " bridged without passing iptables, so " + ContainerProbes.nameOf(a, peers.get(0))
                                + " reaches " + ContainerProbes.nameOf(a, peers.get(1)), null,
                        "sysctl -w net.bridge.bridge-nf-call-iptables=1 (and persist it), so that the -i " + n.bridge()
                                + " -o " + n.bridge() + " -j DROP rule sees bridged frames");
            }
        }
    }

    private record Probe(WalkRequest req, Outcome outcome) {
    }

    private static Optional<Probe> probe(HostAnalysis a, Walker w, ContainerNetwork from, ContainerNetwork to) {
        List<Ip> src = ContainerProbes.sources(a, from);
        List<Ip> dst = ContainerProbes.sources(a, to);
        if (src.isEmpty() || dst.isEmpty()) {
            return Optional.empty();
        }
        int port = a.portMappings(io.nflint.ir.Family.IPV4).stream().filter(m -> m.target().equals(dst.get(0))
                && m.targetPorts() != null && m.protocol() == Packet.TCP).map(m -> m.targetPorts().lo()).findFirst().orElse(80);
        WalkRequest req = WalkRequest.arriving(from.bridge(), Packet.tcp(src.get(0), ContainerProbes.CLIENT_PORT, dst.get(0), port));
        for (Outcome o : w.walk(req).outcomes()) {
            if (o.delivered() && to.bridge().equals(o.deliveredTo())) {
                return Optional.of(new Probe(req, o));
            }
        }
        return Optional.empty();
    }

    private static void report(FindingSink sink, Ruleset rs, Probe p, String msg, Severity severity, String help) {
        Optional<TraceStep> acc = ContainerProbes.acceptingStep(p.outcome());
        SourceSpan at = acc.flatMap(s -> ContainerProbes.spanOf(rs, s)).orElse(ContainerProbes.anchor(rs, "filter", "FORWARD"));
        FindingSink.Report rep = sink.at(at, msg + (acc.isPresent() ? ", accepted here" : ""))
                .witness(ContainerProbes.witness(p.req(), p.outcome()))
                .help(help);
        Optional<io.nflint.ir.Rule> rule = acc.flatMap(s -> ContainerProbes.ruleOf(rs, s));
        if (rule.isPresent()) {
            rep.rule(rule.get());
        } else {
            rep.location("filter", "FORWARD", "");
        }
        if (severity != null) {
            rep.severity(severity);
        }
        rep.report();
    }
}
