package io.nflint.rules.checks;

import io.nflint.analysis.HostAnalysis;
import io.nflint.host.ContainerEndpoint;
import io.nflint.host.ContainerInfo;
import io.nflint.host.NetworkInfo;
import io.nflint.host.Route;
import io.nflint.ir.Family;
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
import io.nflint.walk.WalkRequest;
import java.util.Optional;

/**
 * Containers have IPv6 addresses (inspect output) and the host forwards IPv6, but ip6tables lets an
 * outside connection reach an unpublished container port: Docker without {@code --ip6tables} writes
 * no IPv6 rules, so every container port is open over IPv6 and nothing is NATed. Needs the bundle's
 * ip6tables.rules (an empty one counts: it says there are no rules).
 */
@CheckInfo(id = "NFL403", name = "ipv6-unfiltered", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "Containers have IPv6 addresses but ip6tables does not filter traffic to them")
public final class Ipv6UnfilteredCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        Optional<Ruleset> rs6 = context.ruleset(Family.IPV6);
        if (rs6.isEmpty() || !context.isBundle()) {
            return;
        }
        HostAnalysis a = context.analysis();
        if (a.host().sysctls().ipv6ForwardingSetting().given() && !a.host().sysctls().ipv6Forwarding()) {
            return; // nothing routed over IPv6: containers are not reachable through this host
        }
        Optional<Route> up = a.host().routeLookup(ContainerProbes.OUTSIDE6)
                .filter(r -> r.device() != null && !ContainerProbes.isContainerBridge(r.device()));
        if (up.isEmpty()) {
            return;
        }
        for (ContainerInfo c : a.host().containers()) {
            for (ContainerEndpoint e : c.endpoints()) {
                Optional<NetworkInfo> net = a.host().network(e.network());
                if (e.ipv6() == null || !c.running() || net.map(NetworkInfo::internal).orElse(false)) {
                    continue;
                }
                WalkRequest req = WalkRequest.arriving(up.get().device(),
                        Packet.tcp(ContainerProbes.OUTSIDE6, ContainerProbes.CLIENT_PORT, e.ipv6(), 2222));
                Optional<Outcome> hit = a.walker().walk(req).outcomes().stream()
                        .filter(o -> o.delivered() && !o.deliveredLocally() && !up.get().device().equals(o.deliveredTo()))
                        .findFirst();
                if (hit.isEmpty()) {
                    continue;
                }
                report(sink, rs6.get(), c, e, net.map(NetworkInfo::bridge).orElse(hit.get().deliveredTo()),
                        up.get().device(), req, hit.get());
                return; // one finding: the cause (no IPv6 rules) is the same for every container
            }
        }
    }

    private static void report(FindingSink sink, Ruleset rs6, ContainerInfo c, ContainerEndpoint e, String bridge,
                               String uplink, WalkRequest req, Outcome o) {
        boolean empty = rs6.ruleCount() == 0;
        SourceSpan at = ContainerProbes.anchor(rs6, "filter", "FORWARD");
        Ip addr = e.ipv6();
        sink.at(at, "container " + c.name() + " has IPv6 address " + addr + " on " + e.network() + ", and "
                        + (empty ? "ip6tables has no rules at all" : "ip6tables does not stop it")
                        + ": an unpublished port (tcp/2222) is reachable from outside over IPv6, and so is every other"
                        + " container port; IPv6 traffic is not NATed either")
                .witness(ContainerProbes.witness(req, o))
                .location("filter", "FORWARD", "")
                .help("let dockerd write IPv6 rules (\"ip6tables\": true in daemon.json, with \"experimental\": true"
                        + " before Docker 27), or add them yourself: ip6tables -P FORWARD DROP and -A FORWARD -i " + bridge
                        + " ! -o " + bridge + " -j ACCEPT, -A FORWARD -o " + bridge
                        + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT (" + uplink + " is the uplink)")
                .report();
    }
}
