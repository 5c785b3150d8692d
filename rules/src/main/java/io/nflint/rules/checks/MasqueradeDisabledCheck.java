package io.nflint.rules.checks;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.analysis.HostAnalysis;
import io.nflint.host.Route;
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
 * A network whose engine was told not to masquerade ({@code --ip-masq=false},
 * {@code com.docker.network.bridge.enable_ip_masquerade=false}). That is a choice, so this is an
 * info: it says what the upstream router then has to do for replies to find their way back.
 */
@CheckInfo(id = "NFL204", name = "masquerade-disabled", severity = Severity.INFO, engines = Engine.WALKER,
        summary = "Masquerading is switched off for a container network; the upstream must route its subnet back")
public final class MasqueradeDisabledCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        Optional<Ruleset> rs = ContainerProbes.v4(context);
        if (rs.isEmpty()) {
            return;
        }
        HostAnalysis a = context.analysis();
        for (ContainerNetwork n : a.networks()) {
            if (n.masquerade() || n.internal() || n.inferred()) {
                continue;
            }
            Optional<Route> up = ContainerProbes.uplink(a.host(), ContainerProbes.OUTSIDE);
            String via = up.map(r -> ContainerProbes.addressOn(a.host(), r.device(), false) + " (" + r.device() + ")")
                    .orElse("this host's uplink address");
            FindingSink.Report rep = sink.at(ContainerProbes.anchor(rs.get(), "nat", "POSTROUTING"),
                            "masquerading is off for network " + n.name() + " (" + n.subnet() + " on " + n.bridge()
                                    + ", enable_ip_masquerade=false): containers reach the outside with their own "
                                    + "addresses, so the upstream router must route " + n.subnet() + " via " + via)
                    .location("nat", "POSTROUTING", "")
                    .help("on the upstream router: ip route add " + n.subnet() + " via "
                            + (up.isPresent() ? ContainerProbes.addressOn(a.host(), up.get().device(), false) : "<this host>")
                            + "; or, if the containers should share the host's address, enable masquerading"
                            + " (remove --ip-masq=false / enable_ip_masquerade=false)");
            List<Ip> src = ContainerProbes.sources(a, n);
            if (!src.isEmpty() && up.isPresent()) {
                WalkRequest req = WalkRequest.arriving(n.bridge(),
                        Packet.tcp(src.get(0), ContainerProbes.CLIENT_PORT, ContainerProbes.OUTSIDE, 443));
                Outcome o = ContainerProbes.forwardingWalker(context).walk(req).outcomes().get(0);
                rep.witness(ContainerProbes.witness(req, o));
            }
            rep.report();
        }
    }
}
