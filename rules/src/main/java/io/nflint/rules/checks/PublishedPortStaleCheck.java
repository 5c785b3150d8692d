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
import java.util.Optional;

/**
 * A DNAT rule of an engine chain points at an address no container holds: left behind when a
 * container went away without its rules (a crashed daemon, a hand-restored dump), it sends the
 * port's traffic into the void — or, once the address is reused, to the wrong container.
 */
@CheckInfo(id = "NFL302", name = "published-port-stale", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "A published port's DNAT target is on no container network or held by no container")
public final class PublishedPortStaleCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        for (PortMapping m : probes.mappings()) {
            Optional<String> why = StaleTargets.reason(probes, m, probes.inspectKnown());
            if (why.isEmpty() || StaleTargets.stoppedOwner(context, m).isPresent()) {
                // a stopped container asking for exactly this binding is NFL310's intent mismatch
                continue;
            }
            FindingSink.Report r = sink.at(m.dnatRule().span(), "published port " + m.describe()
                    + " is stale: " + why.get()).rule(m.dnatRule());
            probes.outside(m).ifPresent(p -> r.witness(WalkEvidence.witness(p.request(), p.outcomes().get(0))));
            r.help("delete the rule (iptables -t nat -D " + m.dnatRule().chain() + " " + m.dnatRule().specText()
                    + ") and its filter ACCEPT, or restart the container engine so that it rewrites its rules")
                    .report();
        }
    }
}
