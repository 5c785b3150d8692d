package io.nflint.rules.support;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.container.PortMapping;
import io.nflint.host.ContainerInfo;
import io.nflint.host.PortBinding;
import io.nflint.rules.CheckContext;
import java.util.Optional;

/**
 * Whether a mapping's DNAT target is left over from a container that is gone: on no container
 * network although the DNAT sits in an engine chain, or (with inspect output) held by no container.
 * Shared by NFL301 (which then stays silent), NFL302 (which reports it) and NFL310 (which reports
 * it instead when a stopped container asked for exactly this binding).
 */
public final class StaleTargets {

    private StaleTargets() {
    }

    public static boolean isStale(PortProbes probes, PortMapping m) {
        return reason(probes, m, probes.inspectKnown()).isPresent();
    }

    /** Why the target is stale, or empty when it is not (or we cannot tell). */
    public static Optional<String> reason(PortProbes probes, PortMapping m, boolean inspect) {
        Optional<ContainerNetwork> net = probes.network(m);
        if (net.isEmpty()) {
            boolean engine = m.path().stream().anyMatch(r -> PortFacts.isEngineChain(r.chain())
                    || probes.analysis().nftOwner(r.table()) == io.nflint.container.NftEngines.Owner.CONTAINER_ENGINE);
            if (engine && !probes.analysis().networks().isEmpty()) {
                return Optional.of(m.target() + " is on no container network (" + networks(probes) + ")");
            }
            return Optional.empty();
        }
        if (inspect && probes.analysis().containerAt(m.target()).isEmpty()) {
            return Optional.of("no container holds " + m.target() + " on " + net.get().name()
                    + " (per the inspect output)");
        }
        return Optional.empty();
    }

    private static String networks(PortProbes probes) {
        StringBuilder sb = new StringBuilder();
        for (ContainerNetwork n : probes.analysis().networks()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(n.bridge()).append(' ').append(n.subnet());
        }
        return sb.toString();
    }

    /** A stopped container whose requested binding is exactly this mapping (Docker keeps the request). */
    public static Optional<ContainerInfo> stoppedOwner(CheckContext ctx, PortMapping m) {
        for (ContainerInfo c : ctx.analysis().host().containers()) {
            if (c.running()) {
                continue;
            }
            for (PortBinding b : c.requestedPorts()) {
                if (b.proto().equals(m.protocolName()) && b.hostPorts() != null
                        && b.hostPorts().lo() == m.hostPorts().lo()
                        && m.targetPorts() != null && b.containerPort() == m.targetPorts().lo()) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }
}
