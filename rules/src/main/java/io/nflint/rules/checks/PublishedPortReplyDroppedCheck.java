package io.nflint.rules.checks;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.container.PortMapping;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.PortProbes;
import io.nflint.rules.support.WalkEvidence;
import io.nflint.walk.Outcome;
import io.nflint.walk.WalkRequest;
import java.util.Optional;

/**
 * The first packet of a connection to a published port reaches the container, but the container's
 * answer does not get back: FORWARD has no ESTABLISHED accept for traffic leaving the bridge, or a
 * DROP catches the reply. The client sees a timeout although the container saw the connection.
 */
@CheckInfo(id = "NFL304", name = "published-port-reply-dropped", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "A published port's first packet reaches the container but the reply is dropped")
public final class PublishedPortReplyDroppedCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        for (PortMapping m : probes.mappings()) {
            if (PortProbes.loopbackOnly(m)) {
                continue;
            }
            Optional<PortProbes.Probe> first = probes.outside(m);
            if (first.isEmpty() || first.get().outcomes().stream().noneMatch(o -> probes.reachedTarget(o, m))) {
                continue;
            }
            WalkRequest replyReq = first.get().request().asReply();
            PortProbes.Probe reply = probes.walk(replyReq);
            java.util.List<Outcome> replies = reply.outcomes().stream().filter(PortProbes::isReplyWalk).toList();
            // every reply outcome must drop: an unknown match (--ctdir) that forks is no evidence
            if (replies.isEmpty() || !replies.stream().allMatch(WalkEvidence::dropped)) {
                continue;
            }
            for (Outcome o : replies) {
                WalkEvidence.Cause cause = WalkEvidence.cause(context.analysis().rulesets(), o);
                String bridge = probes.network(m).map(ContainerNetwork::bridge).orElse(null);
                FindingSink.Report r = sink.at(m.dnatRule().span(), "published port " + m.describe()
                        + " reaches the container, but its reply is dropped on the way back"
                        + (cause.isRule() ? "" : ": " + cause.description()))
                        .rule(m.dnatRule())
                        .witness(WalkEvidence.witness(replyReq, o));
                if (cause.isRule()) {
                    r.related(cause.span(), "the reply ends here: " + cause.description());
                }
                r.help("accept the replies of accepted connections, e.g. -I FORWARD 1"
                        + (bridge == null ? "" : " -i " + bridge)
                        + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT").report();
                break;
            }
        }
    }
}
