package io.nflint.rules.checks;

import io.nflint.analysis.ContainerEndpointView;
import io.nflint.analysis.ContainerNetwork;
import io.nflint.container.PortMapping;
import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
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
 * A container connecting to the host's address and a published port (its own, or a neighbour's):
 * the DNAT sends the frame back onto the bridge, which needs hairpin mode on the port it came in on
 * when the target is the sender itself, and a MASQUERADE so that the container's answer to itself
 * goes back through the host; or a proxy (docker-proxy) that takes the connection on the host.
 */
@CheckInfo(id = "NFL306", name = "published-port-hairpin-broken", severity = Severity.WARNING,
        engines = Engine.WALKER,
        summary = "A container cannot reach a published port through the host's address (hairpin)")
public final class PublishedPortHairpinBrokenCheck implements Check {

    /** One client container: who it is and on which network it sends. */
    private record Client(String name, Ip address, ContainerNetwork network) {
    }

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        for (PortMapping m : probes.mappings()) {
            Optional<ContainerNetwork> net = probes.network(m);
            Optional<Ip> hostAddr = probes.hostAddress(m);
            if (net.isEmpty() || net.get().internal() || hostAddr.isEmpty() || PortProbes.loopbackOnly(m)
                    || !m.fromPrerouting() || StaleTargets.isStale(probes, m) || !probes.hostSideProbeable(m)) {
                continue;
            }
            for (Client c : clients(probes, m, net.get())) {
                PortProbes.Probe p = probes.fromContainer(m, c.network().bridge(), c.address(), hostAddr.get());
                Optional<String> broken = broken(context, probes, m, p, c, hostAddr.get());
                if (broken.isEmpty()) {
                    continue;
                }
                Outcome o = p.outcomes().get(0);
                boolean unknownHairpin = o.notes().stream().anyMatch(n -> n.contains("hairpin mode of")
                        && n.contains("is not known"));
                if (unknownHairpin && hairpinMasquerade(context, m)) {
                    // Docker writes this MASQUERADE only with --userland-proxy=false, and then turns hairpin on
                    continue;
                }
                WalkEvidence.Cause cause = WalkEvidence.cause(context.analysis().rulesets(), o);
                boolean self = c.address().equals(m.target());
                FindingSink.Report r = sink.at(m.dnatRule().span(), "published port " + m.describe()
                        + " is unreachable from " + (self ? "its own container" : "container " + c.name()) + " ("
                        + c.address() + " on " + c.network().bridge() + ") through " + hostAddr.get() + ":"
                        + m.hostPorts() + ": " + broken.get() + PortFacts.proxyCaveat(context))
                        .rule(m.dnatRule())
                        .witness(WalkEvidence.witness(p.request(), o));
                if (cause.isRule()) {
                    r.related(cause.span(), "the packet ends here: " + cause.description());
                }
                r.help(help(broken.get(), cause, m, c));
                if (unknownHairpin) {
                    r.severity(Severity.INFO);
                }
                r.report();
                break;
            }
        }
    }

    /**
     * The fix for what stopped the packet: a rule or policy (often INPUT, which the host-addressed
     * packet meets when no DNAT applies to it) is fixed there; hairpin mode and the hairpin MASQUERADE
     * only when the bridge or the missing MASQUERADE is the cause.
     */
    private static String help(String broken, WalkEvidence.Cause cause, PortMapping m, Client c) {
        String direct = "let the container use " + m.target() + ":" + m.targetPorts() + " directly";
        String masquerade = "-t nat -A POSTROUTING -s " + m.target() + "/32 -d " + m.target() + "/32 -p " + m.protocolName()
                + " -m " + m.protocolName() + " --dport " + m.targetPorts() + " -j MASQUERADE";
        if (broken.contains("hairpin mode")) {
            return "turn hairpin mode on for the bridge ports of " + c.network().bridge()
                    + " (bridge link set dev <veth> hairpin on) and masquerade the hairpin traffic (" + masquerade
                    + "), or " + direct;
        }
        if (broken.contains("no hairpin MASQUERADE")) {
            return "masquerade the hairpin traffic (" + masquerade + "), or " + direct;
        }
        String where = cause.isRule() ? "before " + cause.description() : "in the chain whose policy drops it";
        return "accept " + m.protocolName() + " from " + c.network().bridge() + " to the host's port " + m.hostPorts()
                + " " + where + " (the packet never reached the bridge, so hairpin mode is not the problem), or " + direct;
    }

    /** The target itself first, then another container of its network, then one of another network. */
    private static List<Client> clients(PortProbes probes, PortMapping m, ContainerNetwork net) {
        List<Client> out = new ArrayList<>();
        out.add(new Client(m.target().toString(), m.target(), net));
        boolean same = false;
        boolean other = false;
        for (ContainerEndpointView c : probes.analysis().containers()) {
            if (c.address().equals(m.target()) || !c.running() || c.network().internal() || c.network().bridge() == null) {
                continue;
            }
            boolean onSame = c.network().subnet().equals(net.subnet());
            if ((onSame && !same) || (!onSame && !other)) {
                out.add(new Client(c.name(), c.address(), c.network()));
                same |= onSame;
                other |= !onSame;
            }
        }
        return out;
    }

    /** Docker's hairpin MASQUERADE for this target: {@code -s T/32 -d T/32 -p P --dport p -j MASQUERADE}. */
    private static boolean hairpinMasquerade(CheckContext ctx, PortMapping m) {
        IpNet t = IpNet.host(m.target());
        return ctx.analysis().rulesets().stream().flatMap(rs -> rs.rules().stream())
                .filter(r -> r.table().equals("nat") && r.chain().equals("POSTROUTING")
                        && r.target() instanceof io.nflint.ir.target.Masquerade)
                .anyMatch(r -> has(r, Direction.SOURCE, t) && has(r, Direction.DESTINATION, t));
    }

    private static boolean has(Rule r, Direction d, IpNet net) {
        return io.nflint.lower.FieldTests.whole(io.nflint.lower.LoweredRule.of(r),
                        d == Direction.SOURCE ? io.nflint.lower.Field.IP_SADDR : io.nflint.lower.Field.IP_DADDR)
                .stream().anyMatch(a -> !a.negated() && a.nets().contains(net));
    }

    /** Why the connection fails, or empty when it works (DNAT to the target, or a proxy on the host). */
    private static Optional<String> broken(CheckContext ctx, PortProbes probes, PortMapping m, PortProbes.Probe p, Client c, Ip dst) {
        for (Outcome o : p.outcomes()) {
            if (probes.reachedTarget(o, m)) {
                if (c.address().equals(m.target()) && c.address().equals(o.packet().src())) {
                    return Optional.of("no hairpin MASQUERADE: the container gets its own address as the source and"
                            + " answers itself directly, past the host's connection tracking");
                }
                return Optional.empty();
            }
            if (o.deliveredLocally() && PortFacts.servedByProxy(ctx, m, dst).isPresent()) {
                return Optional.empty();
            }
        }
        Outcome o = p.outcomes().get(0);
        if (o.deliveredLocally()) {
            return Optional.of("the nat rules leave it on the host (no DNAT from " + c.network().bridge()
                    + ") and no proxy forwards it");
        }
        return Optional.of(WalkEvidence.cause(ctx.analysis().rulesets(), o).description());
    }
}
