package io.nflint.rules.checks;

import io.nflint.container.PortMapping;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.PortProbes;
import io.nflint.rules.support.StaleTargets;
import io.nflint.rules.support.WalkEvidence;
import io.nflint.walk.Outcome;
import java.util.Optional;

/**
 * {@code -p 127.0.0.1:9000:9000} reads as "local only", but nat PREROUTING DNATs before the routing
 * decision: a neighbour on the uplink that routes 127.0.0.1 to this host gets through, since the
 * martian check never sees 127.0.0.1 (seen on the kernel, whatever route_localnet says). Docker 28
 * adds a raw PREROUTING drop for exactly this; older engines and hand-written rules do not.
 */
@CheckInfo(id = "NFL307", name = "localhost-publish-exposed", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "A port published on 127.0.0.1 is reachable from neighbours on the uplink")
public final class LocalhostPublishExposedCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        for (PortMapping m : probes.mappings()) {
            if (!PortProbes.loopbackOnly(m) || StaleTargets.isStale(probes, m)) {
                continue;
            }
            Optional<PortProbes.Probe> p = probes.neighbourToLoopback(m);
            if (p.isEmpty()) {
                continue;
            }
            Optional<Outcome> through = p.get().outcomes().stream().filter(o -> probes.reachedTarget(o, m))
                    .findFirst();
            if (through.isEmpty()) {
                continue;
            }
            String dst = m.hostAddress().address().toString();
            sink.at(m.dnatRule().span(), "port published on " + dst + " only (" + m.describe()
                    + ") is reachable from a neighbour on " + probes.uplink().get().iface() + " that sends to " + dst
                    + ": DNAT runs before the routing decision, and no raw PREROUTING rule drops it")
                    .rule(m.dnatRule())
                    .witness(WalkEvidence.witness(p.get().request(), through.get()))
                    .help("drop non-loopback packets to it before DNAT, as Docker 28 does (-t raw -A PREROUTING -d "
                            + dst + "/32 ! -i lo -p " + m.protocolName() + " -m " + m.protocolName() + " --dport "
                            + m.hostPorts() + " -j DROP), or upgrade the engine")
                    .report();
        }
    }
}
