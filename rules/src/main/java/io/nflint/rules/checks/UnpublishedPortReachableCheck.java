package io.nflint.rules.checks;

import io.nflint.analysis.ContainerEndpointView;
import io.nflint.analysis.HostAnalysis;
import io.nflint.container.PortMapping;
import io.nflint.host.Route;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.Walker;
import io.nflint.ir.Rule;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.Values;
import java.util.List;
import io.nflint.ir.target.Verdict;
import io.nflint.rules.support.ContainerProbes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a connection from the outside, through the uplink, straight to a container's address on a
 * port nobody published. It only arrives when the outside routes the container subnet via this
 * host (a neighbour on the same link can always add that route), so the finding says so; it is
 * real exposure nonetheless, since publishing is what the user believes controls access.
 *
 * <p>Docker 28's gateway mode {@code nat-unprotected} writes {@code -A DOCKER ! -i br -o br -j ACCEPT}:
 * direct access to every port, asked for by the operator. When the accepting rule is such an
 * engine-written, address- and port-free accept in DOCKER, the finding is info and says so.
 */
@CheckInfo(id = "NFL402", name = "unpublished-port-reachable", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "A container port that is not published is reachable from outside by routing to the container")
public final class UnpublishedPortReachableCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        Optional<Ruleset> rs = ContainerProbes.v4(context);
        if (rs.isEmpty()) {
            return;
        }
        if (rs.get().table("nat").map(t -> t.chains().stream().anyMatch(c -> c.name().startsWith("KUBE-"))).orElse(false)) {
            return; // Kubernetes: pod addresses are meant to be routable from the cluster network
        }
        HostAnalysis a = context.analysis();
        if (ContainerProbes.forwardingOffForSure(a.host())) {
            return;
        }
        Optional<Route> up = ContainerProbes.uplink(a.host(), ContainerProbes.OUTSIDE);
        if (up.isEmpty()) {
            return;
        }
        Walker w = ContainerProbes.forwardingWalker(context);
        Set<String> reported = new HashSet<>();
        for (ContainerEndpointView c : a.containers()) {
            if (c.network().internal() || !c.running() || !reported.add(c.network().bridge())) {
                continue; // one finding per network: the rule that lets one container in lets all in
            }
            int port = unpublishedPort(a, c);
            WalkRequest req = WalkRequest.arriving(up.get().device(),
                    Packet.tcp(ContainerProbes.OUTSIDE, ContainerProbes.CLIENT_PORT, c.address(), port));
            Optional<Outcome> hit = w.walk(req).outcomes().stream()
                    .filter(o -> o.delivered() && c.network().bridge().equals(o.deliveredTo())).findFirst();
            if (hit.isEmpty()) {
                reported.remove(c.network().bridge());
                continue;
            }
            boolean podman = ContainerProbes.engineOf(a.host(), c.network()).equals("podman");
            Optional<TraceStep> acc = ContainerProbes.acceptingStep(hit.get());
            SourceSpan at = acc.flatMap(s -> ContainerProbes.spanOf(rs.get(), s))
                    .orElse(ContainerProbes.anchor(rs.get(), "filter", "FORWARD"));
            FindingSink.Report rep = sink.at(at, "tcp/" + port + " of " + ContainerProbes.nameOf(a, c.address()) + " on "
                            + c.network().name() + " is not published but is reachable from outside at " + c.address()
                            + ":" + port + (acc.isPresent() ? ", accepted here" : " (nothing in FORWARD drops it)")
                            + "; this requires the outside to route " + c.network().subnet() + " via this host (any"
                            + " neighbour on " + up.get().device() + " can)"
                            + (podman ? "; podman 4 does not filter routed traffic to its containers" : "")
                            + (acc.flatMap(s -> ContainerProbes.ruleOf(rs.get(), s))
                                    .filter(r -> opensWholeNetwork(r, c)).isPresent()
                                    ? "; Docker wrote this accept for the whole network, as its gateway mode"
                                    + " nat-unprotected does, so the exposure was asked for" : ""))
                    .witness(ContainerProbes.witness(req, hit.get()))
                    .help("let only published (DNATed) connections in: -I DOCKER-USER -i " + up.get().device() + " -o "
                            + c.network().bridge() + " -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP"
                            + " (or, without Docker, the same rule at the top of FORWARD)");
            acc.flatMap(s -> ContainerProbes.ruleOf(rs.get(), s)).ifPresentOrElse(rep::rule,
                    () -> rep.location("filter", "FORWARD", ""));
            if (podman) {
                rep.severity(Severity.INFO);
            } else if (acc.flatMap(s -> ContainerProbes.ruleOf(rs.get(), s)).filter(r -> opensWholeNetwork(r, c))
                    .isPresent()) {
                rep.severity(Severity.INFO);
            }
            rep.report();
        }
    }

    /**
     * Docker's own accept of everything routed into the network: in chain DOCKER, ACCEPT, and matching
     * nothing but interfaces (Docker's per-port accepts always name the container and the port).
     */
    private static final List<Field> IFACES = List.of(Field.IIFNAME, Field.OIFNAME, Field.IBRNAME, Field.OBRNAME);

    static boolean opensWholeNetwork(Rule r, ContainerEndpointView c) {
        return r.chain().equals("DOCKER") && r.target() instanceof Verdict v && v.kind() == Verdict.Kind.ACCEPT
                && !r.matches().isEmpty() && FieldTests.whole(LoweredRule.of(r), IFACES).size() == r.matches().size()
                && FieldTests.whole(LoweredRule.of(r), Field.OIFNAME).stream().anyMatch(t -> !t.negated()
                && ((Values.Name) t.values()).pattern().equals(c.network().bridge()));
    }

    /** A port no mapping sends to this container: 2222, or the next free one above it. */
    static int unpublishedPort(HostAnalysis a, ContainerEndpointView c) {
        Set<Integer> published = new HashSet<>();
        for (PortMapping m : a.portMappings(Family.IPV4)) {
            if (m.target().equals(c.address()) && m.targetPorts() != null) {
                for (int p = m.targetPorts().lo(); p <= m.targetPorts().hi() && p < m.targetPorts().lo() + 1000; p++) {
                    published.add(p);
                }
            }
        }
        int port = 2222;
        while (published.contains(port)) {
            port++;
        }
        return port;
    }
}
