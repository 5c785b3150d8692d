package io.nflint.rules.checks;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.analysis.HostAnalysis;
import io.nflint.host.SysctlSetting;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.ContainerProbes;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.WalkRequest;
import java.util.List;
import java.util.Optional;

/**
 * Container networks exist but the host does not forward IPv4: neither egress nor published ports
 * work, whatever the rules say (the kernel hits the DNAT rule and then discards the packet). When
 * the bundle does not give the sysctl, the kernel default 0 is only an assumption and the finding
 * is an info that says so; the other container checks then assume 1, as the engines set it.
 */
@CheckInfo(id = "NFL203", name = "ip-forward-off", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "Container networks exist but net.ipv4.ip_forward is 0, so nothing is forwarded")
public final class IpForwardOffCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        Optional<Ruleset> rs = ContainerProbes.v4(context);
        if (rs.isEmpty() || !context.isBundle()) {
            return; // a bare dump says nothing about sysctls
        }
        HostAnalysis a = context.analysis();
        SysctlSetting fwd = a.host().sysctls().ipForwardSetting();
        List<ContainerNetwork> nets = a.networks().stream().filter(n -> !n.internal() && !n.inferred()).toList();
        if (fwd.asBoolean() || nets.isEmpty()) {
            return;
        }
        ContainerNetwork n = nets.get(0);
        String names = String.join(", ", nets.stream().map(x -> x.name() + " (" + x.subnet() + ")").toList());
        FindingSink.Report rep;
        if (fwd.given()) {
            rep = sink.at(ContainerProbes.anchor(rs.get(), "filter", "FORWARD"), fwd.key() + " = " + fwd.value()
                    + " (sysctl.txt) on a host with container networks " + names
                    + ": nothing is forwarded, so containers cannot reach the outside and published ports do not answer");
        } else {
            rep = sink.at(ContainerProbes.anchor(rs.get(), "filter", "FORWARD"), "the bundle does not give "
                    + "net.ipv4.ip_forward; assuming the kernel default 0 (an assumption), nothing is forwarded for "
                    + names + " (the other container checks assume 1, which the engines set)")
                    .severity(Severity.INFO);
        }
        List<Ip> src = ContainerProbes.sources(a, n);
        if (!src.isEmpty()) {
            WalkRequest req = WalkRequest.arriving(n.bridge(),
                    Packet.tcp(src.get(0), ContainerProbes.CLIENT_PORT, ContainerProbes.OUTSIDE, 443));
            Outcome o = a.walker().walk(req).outcomes().get(0);
            rep.witness(ContainerProbes.witness(req, o));
        }
        rep.location("filter", "FORWARD", "")
                .help("sysctl -w net.ipv4.ip_forward=1 and persist it in /etc/sysctl.d/ (dockerd sets it at start unless"
                        + " --ip-forward=false; a later sysctl --system or network manager may reset it)")
                .report();
    }
}
