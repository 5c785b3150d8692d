package io.nflint.rules.checks;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.container.PortMapping;
import io.nflint.host.ContainerEndpoint;
import io.nflint.host.ContainerInfo;
import io.nflint.host.Listener;
import io.nflint.host.PortBinding;
import io.nflint.ir.Family;
import io.nflint.ir.Ip;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.PortFacts;
import io.nflint.rules.support.PortProbes;
import io.nflint.rules.support.StaleTargets;
import java.util.List;
import java.util.Optional;

/**
 * What the engine's inspect output says was published against what the nat rules do: a running
 * container's published port without a DNAT rule (dockerd {@code --iptables=false}, rules flushed
 * by a firewall reload, a network Docker does not publish for), and a DNAT rule for the binding of
 * a container that is stopped. Needs a bundle with inspect output.
 */
@CheckInfo(id = "NFL310", name = "published-port-intent-mismatch", severity = Severity.WARNING,
        engines = Engine.WALKER,
        summary = "Inspect output and nat rules disagree about a published port")
public final class PublishedPortIntentMismatchCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        if (!probes.inspectKnown()) {
            return;
        }
        for (PortMapping m : probes.mappings()) {
            Optional<ContainerInfo> stopped = StaleTargets.stoppedOwner(context, m);
            if (stopped.isPresent() && StaleTargets.isStale(probes, m)) {
                sink.at(m.dnatRule().span(), "published port " + m.describe() + " belongs to container "
                                + stopped.get().name() + ", which is stopped: the rule sends the port's traffic to an "
                                + "address nobody holds (or, once reused, to another container)")
                        .rule(m.dnatRule())
                        .help("remove the rule (iptables -t nat -D " + m.dnatRule().chain() + " "
                                + m.dnatRule().specText() + ") or start " + stopped.get().name()
                                + " so that the engine rewrites it")
                        .report();
            }
        }
        Optional<Ruleset> v4 = context.analysis().ruleset(Family.IPV4);
        for (ContainerInfo c : probes.host().containers()) {
            if (!c.running() || c.hostNetwork()) {
                continue;
            }
            for (PortBinding b : c.ports()) {
                if (b.hostPorts() == null || (b.hostIp() != null && b.hostIp().v6())) {
                    continue;
                }
                if (hasMapping(probes.mappings(), c, b)) {
                    continue;
                }
                reportMissing(context, probes, sink, v4, c, b);
            }
        }
    }

    private static boolean hasMapping(List<PortMapping> mappings, ContainerInfo c, PortBinding b) {
        for (PortMapping m : mappings) {
            if (m.protocolName().equals(b.proto()) && m.hostPorts().contains(b.hostPorts().lo())
                    && c.addresses().contains(m.target())
                    && (m.targetPorts() == null || m.targetPorts().contains(b.containerPort()))) {
                return true;
            }
        }
        return false;
    }

    private static void reportMissing(CheckContext context, PortProbes probes, FindingSink sink,
                                      Optional<Ruleset> v4, ContainerInfo c, PortBinding b) {
        Ip dst = b.allAddresses() ? probes.uplink().map(PortProbes.Uplink::address).orElse(null) : b.hostIp();
        Optional<Listener> proxy = dst == null ? Optional.empty()
                : PortFacts.proxy(probes.host(), b.proto(), dst, b.hostPorts().lo());
        Optional<ContainerNetwork> internal = internalNetwork(context, c);
        String binding = b.proto() + "/" + (b.allAddresses() ? "" : b.hostIp() + ":") + b.hostPorts() + " -> "
                + c.name() + ":" + b.containerPort();
        String consequence = proxy.isPresent()
                ? "only " + proxy.get().process() + " serves it, so the container sees the proxy's address instead of "
                        + "the client's, and FORWARD rules do not apply"
                : internal.isPresent()
                        ? "its network " + internal.get().name() + " is internal, so the engine publishes nothing"
                        : "nothing forwards it" + (probes.listenersKnown() ? "" : " (unless a proxy listens: no ss-listen.txt)");
        FindingSink.Report r = sink.at(anchor(v4, context), "inspect says container " + c.name() + " publishes "
                        + binding + ", but no DNAT rule maps it: " + consequence)
                .location("nat", "", "")
                .help(internal.isPresent()
                        ? "attach " + c.name() + " to a non-internal network as well if the port should be reachable,"
                                + " or drop the -p option"
                        : "let the engine write its rules (dockerd without --iptables=false), or restart it after a "
                                + "firewall reload flushed them");
        if (internal.isPresent()) {
            r.severity(Severity.INFO);
        }
        r.report();
    }

    private static Optional<ContainerNetwork> internalNetwork(CheckContext context, ContainerInfo c) {
        for (ContainerEndpoint e : c.endpoints()) {
            if (e.ipv4() != null) {
                Optional<ContainerNetwork> n = context.analysis().networkOf(e.ipv4());
                if (n.isPresent() && !n.get().internal()) {
                    return Optional.empty();
                }
            }
        }
        for (ContainerEndpoint e : c.endpoints()) {
            if (e.ipv4() != null) {
                Optional<ContainerNetwork> n = context.analysis().networkOf(e.ipv4());
                if (n.isPresent()) {
                    return n;
                }
            }
        }
        return Optional.empty();
    }

    /** A missing rule has no line: point at the nat table (where it belongs), else the dump's first table. */
    private static SourceSpan anchor(Optional<Ruleset> v4, CheckContext context) {
        if (v4.isPresent()) {
            Optional<Table> nat = v4.get().table("nat");
            if (nat.isPresent() && nat.get().span() != null) {
                return nat.get().span();
            }
            for (Table t : v4.get().tables()) {
                if (t.span() != null) {
                    return t.span();
                }
            }
            return SourceSpan.line(v4.get().file(), 1, 0, 0);
        }
        return SourceSpan.line(context.inputName(), 1, 0, 0);
    }
}
