package io.nflint.rules.checks;

import io.nflint.container.PortMapping;
import io.nflint.ir.Rule;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Verdict;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.PortProbes;
import io.nflint.rules.support.WalkEvidence;
import io.nflint.walk.Outcome;
import io.nflint.walk.TraceStep;
import java.util.Optional;

/**
 * A packet for the host port never reaches the mapping's DNAT rule because an earlier nat rule
 * takes it: another DNAT for the same port (the first one wins), or a RETURN or ACCEPT in a nat
 * chain on the way. Reported only when the walk names that rule: a probe that misses the DNAT for
 * a reason we cannot name (a mark, an ipset) says nothing.
 */
@CheckInfo(id = "NFL303", name = "published-port-shadowed", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "A published port's DNAT rule is never reached because an earlier nat rule takes its packets")
public final class PublishedPortShadowedCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        for (PortMapping m : probes.mappings()) {
            Optional<PortProbes.Probe> probe = probes.outside(m);
            if (probe.isEmpty()) {
                probe = fromHost(probes, m);
            }
            if (probe.isEmpty()) {
                continue;
            }
            for (Outcome o : probe.get().outcomes()) {
                if (PortProbes.hitsDnat(o, m)) {
                    continue;
                }
                Optional<TraceStep> taker = taker(o, m);
                if (taker.isEmpty()) {
                    continue;
                }
                Optional<Rule> rule = WalkEvidence.ruleAt(context.analysis().rulesets(), taker.get());
                if (rule.isEmpty()) {
                    continue;
                }
                boolean dnat = rule.get().target() instanceof Dnat;
                String msg = "published port " + m.describe() + " is shadowed: "
                        + (dnat ? "the earlier DNAT at line " + rule.get().span().line() + " takes the packets ("
                                + taker.get().target() + ")"
                                : "the " + taker.get().target() + " at line " + rule.get().span().line() + " in nat "
                                        + taker.get().chain() + " ends the nat lookup before it");
                sink.at(m.dnatRule().span(), msg).rule(m.dnatRule())
                        .related(rule.get().span(), dnat ? "this DNAT matches first" : "the nat lookup ends here")
                        .witness(WalkEvidence.witness(probe.get().request(), o))
                        .help(dnat ? "remove one of the two mappings for " + m.protocolName() + "/" + m.hostPorts()
                                        + ", or make them disjoint (-d, -i)"
                                : "move the mapping's rule before line " + rule.get().span().line()
                                        + " or narrow that " + taker.get().target())
                        .report();
                break;
            }
        }
    }

    private static Optional<PortProbes.Probe> fromHost(PortProbes probes, PortMapping m) {
        if (!m.fromOutput()) {
            return Optional.empty();
        }
        return probes.hostAddress(m).map(dst -> probes.local(m, dst));
    }

    /** The nat rule that decided instead: a DNAT elsewhere, or a RETURN/ACCEPT in a chain of the path. */
    private static Optional<TraceStep> taker(Outcome o, PortMapping m) {
        for (TraceStep s : o.steps()) {
            if (!s.table().equals("nat") || s.kind() != TraceStep.Kind.RULE) {
                continue;
            }
            if (s.target().startsWith("DNAT")) {
                return Optional.of(s);
            }
            boolean onPath = m.path().stream().anyMatch(r -> r.chain().equals(s.chain()));
            if (onPath && (s.target().equals("RETURN") || s.target().equals("ACCEPT"))) {
                // a RETURN after the path's own jump would not shadow; the path rule must come later
                int pathRule = m.path().stream().filter(r -> r.chain().equals(s.chain())).mapToInt(Rule::number)
                        .findFirst().orElse(0);
                if (s.ruleNumber() < pathRule) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    static boolean isVerdict(Rule r, Verdict.Kind k) {
        return r.target() instanceof Verdict v && v.kind() == k;
    }
}
