package io.nflint.rules.checks;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.container.PortMapping;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTest;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.Pred;
import io.nflint.lower.Values;
import io.nflint.ir.target.Verdict;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.PortFacts;
import io.nflint.rules.support.PortProbes;
import io.nflint.rules.support.StaleTargets;
import io.nflint.rules.support.NftForwardRules;
import io.nflint.rules.support.WalkEvidence;
import io.nflint.walk.Outcome;
import io.nflint.walk.TraceStep;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The DNAT of a published port works, but the translated packet never reaches the container:
 * FORWARD, DOCKER-USER or a policy drops it, or the host does not forward at all. The walker sends
 * an outside client's first packet to the host port and this check reads where it ended.
 */
@CheckInfo(id = "NFL301", name = "published-port-dropped", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "A published port is DNATed but dropped before it reaches the container")
public final class PublishedPortDroppedCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        for (PortMapping m : probes.mappings()) {
            if (PortProbes.loopbackOnly(m) || StaleTargets.isStale(probes, m)) {
                // loopback publishes are NFL307's question; a stale target NFL302's
                continue;
            }
            Optional<PortProbes.Probe> probe = probes.outside(m);
            if (probe.isEmpty()) {
                continue;
            }
            List<Outcome> hit = probe.get().outcomes().stream().filter(o -> PortProbes.hitsDnat(o, m)).toList();
            List<Outcome> dropped = hit.stream().filter(o -> !probes.reachedTarget(o, m)).toList();
            if (dropped.isEmpty()) {
                continue;
            }
            if (dropped.stream().allMatch(o -> restrictsSource(context, o) || guessedNoForwarding(context, o))) {
                // access control by client address is what DOCKER-USER is for: not a broken port
                continue;
            }
            boolean always = dropped.size() == hit.size() && !probe.get().result().truncated();
            report(context, sink, probes, m, probe.get(), dropped.get(0), always);
        }
    }

    private void report(CheckContext context, FindingSink sink, PortProbes probes, PortMapping m,
                        PortProbes.Probe probe, Outcome o, boolean always) {
        List<Ruleset> rulesets = context.analysis().rulesets();
        WalkEvidence.Cause cause = WalkEvidence.cause(rulesets, o);
        Optional<ContainerNetwork> net = probes.network(m);
        boolean internal = net.map(ContainerNetwork::internal).orElse(false);
        String what = m.target().toString() + (m.targetPorts() == null ? "" : ":" + m.targetPorts());
        String msg = "published port " + m.protocolName() + "/" + m.hostPorts() + " -> " + what
                + (always ? " is dropped before it reaches the " : " may be dropped before it reaches the ")
                + (net.isPresent() ? "container" : "target")
                + (cause.isRule() ? "" : ": " + (o.delivered() ? misrouted(o, net) : cause.description()))
                + (internal ? " (its network " + net.get().name() + " is internal, so this may be intended)" : "");
        FindingSink.Report r = sink.at(m.dnatRule().span(), msg).rule(m.dnatRule())
                .witness(WalkEvidence.witness(probe.request(), o));
        if (cause.isRule()) {
            r.related(cause.span(), "the packet ends here: " + cause.description());
        }
        for (Rule wrongPort : acceptsForHostPort(rulesets, m)) {
            r.related(wrongPort.span(), "accepts " + m.protocolName() + " port " + m.hostPorts()
                    + ", the host port; after DNAT the packet has port " + m.targetPorts());
        }
        r.help(help(probes, m, o, cause, net));
        if (!always || internal) {
            r.severity(Severity.INFO);
        }
        r.report();
    }

    /** Dropped because ip_forward is 0, which is only the analyzer's guess for this input. */
    private static boolean guessedNoForwarding(CheckContext context, Outcome o) {
        return o.notes().stream().anyMatch(n -> n.contains("ip_forward=0") || n.contains("does not forward"))
                && !PortFacts.sysctlKnown(context, "ip_forward");
    }

    /** The packet was dropped by a rule that chooses clients by their source address. */
    private static boolean restrictsSource(CheckContext context, Outcome o) {
        WalkEvidence.Cause cause = WalkEvidence.cause(context.analysis().rulesets(), o);
        if (cause.rule() == null && cause.step() != null && cause.step().nft() != null) {
            return context.analysis().nft().map(n -> NftForwardRules.testsSource(n, cause.step())).orElse(false);
        }
        if (cause.rule() == null) {
            return false;
        }
        LoweredRule r = context.lowered(cause.rule());
        // -s other than 0.0.0.0/0, an address range, a set lookup
        return FieldTests.whole(r, Field.IP_SADDR).stream().anyMatch(a -> !a.nets().stream().allMatch(n -> n.isAny()))
                || r.matches().stream().anyMatch(l -> l.pred() instanceof Pred.SetLookup
                || Stream.of(Field.IP_SADDR, Field.IP_DADDR).anyMatch(f -> FieldTests.conjuncts(l, f).stream()
                        .anyMatch(t -> t.values() instanceof Values.Addresses)));
    }

    /** Delivered, but not to the target's bridge: the host has no route to the container network. */
    private static String misrouted(Outcome o, Optional<ContainerNetwork> net) {
        return "the host routes it out of " + (o.deliveredLocally() ? "nothing (it stays local)" : o.deliveredTo())
                + net.map(n -> ", not to " + n.bridge() + " (no route to " + n.subnet() + ")").orElse("");
    }

    private static String help(PortProbes probes, PortMapping m, Outcome o, WalkEvidence.Cause cause,
                               Optional<ContainerNetwork> net) {
        if (!cause.isRule() && cause.description().contains("ip_forward")) {
            return "enable forwarding (sysctl net.ipv4.ip_forward=1; Docker sets it unless started with --ip-forward=false)";
        }
        String bridge = net.map(ContainerNetwork::bridge).orElse(o.outIface());
        String accept = "-d " + m.target() + "/32" + (bridge == null ? "" : " -o " + bridge) + " -p "
                + m.protocolName() + " -m " + m.protocolName() + " --dport " + m.targetPorts() + " -j ACCEPT";
        TraceStep step = cause.step();
        if (step != null && step.kind() == TraceStep.Kind.RULE && !step.chain().equals("FORWARD")
                && step.chain().contains("USER")) {
            return "the rule at line " + cause.span().line() + " in " + step.chain() + " drops it; exempt the published"
                    + " port before it (-I " + step.chain() + " " + step.ruleNumber() + " -d " + m.target() + "/32 -p "
                    + m.protocolName() + " -m " + m.protocolName() + " --dport " + m.targetPorts() + " -j RETURN)";
        }
        boolean passedDocker = o.steps().stream().anyMatch(s -> s.table().equals("filter") && s.chain().equals("DOCKER"));
        if (passedDocker) {
            return "accept it in the DOCKER chain (-A DOCKER " + accept + ")";
        }
        int at = step != null && step.kind() == TraceStep.Kind.RULE && step.chain().equals("FORWARD")
                ? step.ruleNumber() : 1;
        return "accept it in FORWARD before it is dropped (-I FORWARD " + at + " " + accept + ")";
    }

    /** Filter ACCEPT rules written for the container with the host port instead of the target port. */
    static List<Rule> acceptsForHostPort(List<Ruleset> rulesets, PortMapping m) {
        if (m.targetPorts() == null || m.targetPorts().contains(m.hostPorts())) {
            return List.of();
        }
        return rulesets.stream().flatMap(rs -> rs.rules().stream())
                .filter(r -> r.table().equals("filter") && r.target() instanceof Verdict v
                        && v.kind() == Verdict.Kind.ACCEPT)
                .filter(r -> dport(r).map(p -> p.contains(m.hostPorts())).orElse(false))
                .filter(r -> FieldTests.whole(LoweredRule.of(r), Field.IP_DADDR).stream().anyMatch(a -> !a.negated()
                        && a.nets().stream().anyMatch(n -> n.contains(m.target()))))
                .toList();
    }

    /** The first un-negated {@code --dport} of the rule's -m tcp or -m udp. */
    static Optional<PortRange> dport(Rule r) {
        return FieldTests.tcpUdp(LoweredRule.of(r), Field.TH_DPORT).stream().filter(t -> !t.negated())
                .map(FieldTest::ports).findFirst();
    }
}
