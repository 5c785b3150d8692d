package io.nflint.rules.checks;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.container.PortMapping;
import io.nflint.ir.Ip;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.PortFacts;
import io.nflint.rules.support.PortProbes;
import io.nflint.rules.support.StaleTargets;
import io.nflint.rules.support.WalkEvidence;
import io.nflint.walk.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * From the host itself a published port works only through nat OUTPUT (a jump to the DNAT chain,
 * and for 127.0.0.1 also route_localnet and a MASQUERADE) or through a user-space proxy listening
 * on the port (docker-proxy). Neither: {@code curl localhost:8080} on the host fails although the
 * port works from outside.
 */
@CheckInfo(id = "NFL305", name = "published-port-unreachable-from-host", severity = Severity.WARNING,
        engines = Engine.WALKER,
        summary = "A published port does not reach its container from the host itself and no proxy serves it")
public final class PublishedPortUnreachableFromHostCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        for (PortMapping m : probes.mappings()) {
            Optional<ContainerNetwork> net = probes.network(m);
            if (net.isEmpty() || StaleTargets.isStale(probes, m) || !probes.hostSideProbeable(m)) {
                continue;
            }
            List<String> failed = new ArrayList<>();
            PortProbes.Probe witness = null;
            Outcome witnessOutcome = null;
            for (Ip dst : destinations(probes, m)) {
                PortProbes.Probe p = probes.local(m, dst);
                if (p.outcomes().stream().anyMatch(o -> probes.reachedTarget(o, m))) {
                    continue;
                }
                Outcome o = p.outcomes().get(0);
                if (o.deliveredLocally() && PortFacts.servedByProxy(context, m, dst).isPresent()) {
                    continue;
                }
                if (!PortProbes.hitsDnat(o, m) && o.steps().stream().anyMatch(s -> s.target().startsWith("DNAT"))) {
                    // another mapping takes the port first: NFL303's finding
                    continue;
                }
                if (o.notes().stream().anyMatch(n -> n.contains("route_localnet"))
                        && !PortFacts.sysctlKnown(context, "route_localnet")) {
                    // Docker sets route_localnet=1 on the bridge when it DNATs 127.0.0.1; a bare dump cannot say
                    continue;
                }
                failed.add(dst + ":" + m.hostPorts());
                if (witness == null) {
                    witness = p;
                    witnessOutcome = o;
                }
            }
            if (witness == null) {
                continue;
            }
            WalkEvidence.Cause cause = WalkEvidence.cause(context.analysis().rulesets(), witnessOutcome);
            String why = witnessOutcome.deliveredLocally()
                    ? "nat OUTPUT does not DNAT it, so it stays on the host, where no proxy listens"
                    : cause.description();
            boolean internal = net.get().internal();
            FindingSink.Report r = sink.at(m.dnatRule().span(), "published port " + m.describe()
                    + " is unreachable from the host itself (" + String.join(", ", failed) + "): " + why
                    + PortFacts.proxyCaveat(context)
                    + (internal ? " (its network " + net.get().name() + " is internal)" : ""))
                    .rule(m.dnatRule())
                    .witness(WalkEvidence.witness(witness.request(), witnessOutcome));
            if (cause.isRule()) {
                r.related(cause.span(), "the packet ends here: " + cause.description());
            }
            r.help(help(m, net.get(), witnessOutcome, witness.request().packet().dst()));
            if (internal) {
                r.severity(Severity.INFO);
            }
            r.report();
        }
    }

    static List<Ip> destinations(PortProbes probes, PortMapping m) {
        List<Ip> out = new ArrayList<>();
        if (PortProbes.loopbackOnly(m)) {
            out.add(m.hostAddress().length() == 32 ? m.hostAddress().address() : PortProbes.ip("127.0.0.1"));
            return out;
        }
        probes.hostAddress(m).ifPresent(out::add);
        if (m.hostAddress() == null || m.hostAddress().isAny()) {
            out.add(PortProbes.ip("127.0.0.1"));
        }
        return out;
    }

    private static String help(PortMapping m, ContainerNetwork net, Outcome o, Ip dst) {
        String chain = m.path().get(0).chain().equals("PREROUTING") && m.path().size() > 1
                ? m.path().get(1).chain() : m.dnatRule().chain();
        if (o.deliveredLocally()) {
            return "send the host's own traffic through the mapping (-t nat -A OUTPUT -m addrtype --dst-type LOCAL -j "
                    + chain + "), or run the engine's userland proxy (dockerd --userland-proxy=true)";
        }
        if (PortProbes.LOOPBACK.contains(dst)) {
            return "let 127.0.0.1 leave towards the bridge: sysctl net.ipv4.conf." + net.bridge() + ".route_localnet=1"
                    + " and -t nat -A POSTROUTING -o " + net.bridge() + " -m addrtype --src-type LOCAL -j MASQUERADE";
        }
        return "accept the host's connection to " + m.target() + ":" + m.targetPorts() + " on its way out (OUTPUT)";
    }
}
