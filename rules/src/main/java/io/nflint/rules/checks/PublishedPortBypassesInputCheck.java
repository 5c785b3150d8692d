package io.nflint.rules.checks;

import io.nflint.container.PortMapping;
import io.nflint.ir.Ip;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.PortProbes;
import io.nflint.rules.support.WalkEvidence;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import java.util.Optional;

/**
 * The host looks closed — INPUT (or a ufw-style chain under it) drops what nothing allows — yet a
 * published port is open to everyone: its packets are DNATed in PREROUTING and pass FORWARD, never
 * INPUT (seen on the kernel). A warning: the two intents contradict each other and the open one
 * wins silently; a user who wants the port public can suppress it.
 */
@CheckInfo(id = "NFL308", name = "published-port-bypasses-input", severity = Severity.WARNING,
        engines = Engine.WALKER,
        summary = "A published port is reachable from anywhere although INPUT closes the host")
public final class PublishedPortBypassesInputCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        if (probes.uplink().isEmpty()) {
            return;
        }
        Optional<Closed> closedHost = closedHost(context, probes);
        for (PortMapping m : probes.mappings()) {
            // closed for everything, or for this very port by an INPUT rule written for it
            Optional<Closed> closed = closedHost.isPresent() ? closedHost : inputDropsPort(context, m);
            if (closed.isEmpty()) {
                continue;
            }
            if (PortProbes.loopbackOnly(m) || m.restrictedSource() || m.requiredInInterface() != null
                    || probes.network(m).map(n -> n.internal()).orElse(false)) {
                continue;
            }
            Optional<PortProbes.Probe> p = probes.outside(m);
            if (p.isEmpty() || p.get().outcomes().isEmpty()
                    || !p.get().outcomes().stream().allMatch(o -> probes.reachedTarget(o, m))) {
                continue;
            }
            Outcome o = p.get().outcomes().get(0);
            boolean dockerUser = context.analysis().ruleset(io.nflint.ir.Family.IPV4)
                    .flatMap(rs -> rs.table("filter")).flatMap(t -> t.chain("DOCKER-USER")).isPresent();
            String chain = dockerUser ? "DOCKER-USER" : "FORWARD";
            FindingSink.Report r = sink.at(m.dnatRule().span(), "published port " + m.describe()
                    + " is reachable from anywhere although INPUT drops " + (closedHost.isPresent()
                    ? "other traffic to the host" : "this port") + ": DNATed packets pass FORWARD, never INPUT")
                    .rule(m.dnatRule())
                    .witness(WalkEvidence.witness(p.get().request(), o));
            if (closed.get().cause().isRule()) {
                r.related(closed.get().cause().span(), "closes the host (" + closed.get().cause().description()
                        + "), but published ports never pass here");
            }
            if (m.dnatRule().table().equals("nat")) {
                r.help("filter it where DNATed traffic passes, by its original port: -I " + chain + " -p "
                    + m.protocolName() + " -m conntrack --ctorigdstport " + m.hostPorts()
                    + " --ctdir ORIGINAL ! -s <allowed-net> -j DROP; or publish it on one address only (-p "
                    + "127.0.0.1:" + m.hostPorts() + ":" + m.targetPorts() + ")");
            } else {
                r.help("filter it where DNATed traffic passes, by its original port, in a chain of your own at the forward hook"
                        + " (a drop there is final, whichever table it is in): type filter hook forward priority filter - 1;"
                        + " meta l4proto " + m.protocolName() + " ct original proto-dst " + m.hostPorts() + " ip saddr != <allowed-net> drop");
            }
            r.report();
        }
    }

    /** The step is in a native nft base chain at the input hook, or a chain of its table (reached from one). */
    private static boolean nftInputChain(CheckContext context, TraceStep s) {
        return context.analysis().nft().map(n -> n.tables().stream().filter(t -> t.name().equals(s.table()))
                .flatMap(t -> t.chains().stream()).anyMatch(c -> c.name().equals(s.chain())
                        && c.base().map(b -> b.hook().equals("input")).orElse(false))).orElse(false);
    }

    private record Closed(WalkEvidence.Cause cause) {
    }

    /** A new connection to an unpublished port of the uplink address ends in filter INPUT (or under it). */
    private static Optional<Closed> closedHost(CheckContext context, PortProbes probes) {
        PortProbes.Uplink up = probes.uplink().get();
        int port = freePort(probes);
        Ip src = probes.analysis().isLocal(PortProbes.OUTSIDE) ? PortProbes.OUTSIDE_ALT : PortProbes.OUTSIDE;
        PortProbes.Probe p = probes.walk(WalkRequest.arriving(up.iface(),
                Packet.tcp(src, PortProbes.CLIENT_PORT, up.address(), port)));
        for (Outcome o : p.outcomes()) {
            boolean viaInput = o.steps().stream().anyMatch(s -> s.table().equals("filter") && s.chain().equals("INPUT")
                    || s.nft() != null && nftInputChain(context, s));
            if (o.delivered() || !viaInput) {
                return Optional.empty();
            }
        }
        if (p.outcomes().isEmpty()) {
            return Optional.empty();
        }
        Outcome o = p.outcomes().get(0);
        TraceStep last = o.steps().isEmpty() ? null : o.steps().get(o.steps().size() - 1);
        if (last == null || !last.table().equals("filter") && last.nft() == null) {
            return Optional.empty();
        }
        return Optional.of(new Closed(WalkEvidence.cause(context.analysis().rulesets(), o)));
    }

    /** A DROP or REJECT rule in filter INPUT for the mapping's host port (and protocol), without a source. */
    private static Optional<Closed> inputDropsPort(CheckContext context, PortMapping m) {
        Optional<io.nflint.ir.Chain> input = context.analysis().ruleset(io.nflint.ir.Family.IPV4)
                .flatMap(rs -> rs.table("filter")).flatMap(t -> t.chain("INPUT"));
        if (input.isEmpty()) {
            return Optional.empty();
        }
        for (io.nflint.ir.Rule r : input.get().rules()) {
            boolean drops = r.target() instanceof io.nflint.ir.target.Reject
                    || (r.target() instanceof io.nflint.ir.target.Verdict v && v.kind() == io.nflint.ir.target.Verdict.Kind.DROP);
            boolean port = PublishedPortDroppedCheck.dport(r).map(p -> p.contains(m.hostPorts().lo())).orElse(false);
            boolean anySource = io.nflint.lower.FieldTests.whole(io.nflint.lower.LoweredRule.of(r),
                    io.nflint.lower.Field.IP_SADDR).isEmpty();
            if (drops && port && anySource) {
                return Optional.of(new Closed(new WalkEvidence.Cause(r.span(), r, null, r.text().strip())));
            }
        }
        return Optional.empty();
    }

    /** A port no mapping publishes, so that its probe asks INPUT and nothing else. */
    private static int freePort(PortProbes probes) {
        for (int port = 65000; port > 1024; port--) {
            final int candidate = port;
            if (probes.mappings().stream().noneMatch(m -> m.hostPorts().contains(candidate))) {
                return port;
            }
        }
        return 1;
    }
}
