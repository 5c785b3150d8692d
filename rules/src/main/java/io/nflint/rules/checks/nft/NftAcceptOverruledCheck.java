package io.nflint.rules.checks.nft;

import io.nflint.container.NftEngines;
import io.nflint.host.Route;
import io.nflint.ir.Ip;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftStmt;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.ContainerProbes;
import io.nflint.rules.support.NftForwardRules;
import io.nflint.rules.support.PortProbes;
import io.nflint.rules.support.WalkEvidence;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.WalkVerdict;
import java.util.List;
import java.util.Optional;

/**
 * An {@code accept} in the admin's own table at the forward hook, for traffic that a container
 * engine's (or any other table's) base chain drops afterwards. accept ends only its own base chain;
 * the packet goes on to the hook's next one, where the drop is final. Docker's nftables backend has
 * no DOCKER-USER: an accept in another table can never rescue what Docker drops. The walker sends
 * the packet the rule describes (its destination address, protocol and port) from the uplink and
 * reports when it passes the accept and is dropped later.
 */
@CheckInfo(id = "NFL612", name = "nft-accept-overruled", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "An accept in one nft table at the forward hook that a later base chain (Docker's, say) drops anyway")
public final class NftAcceptOverruledCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        if (context.nftRulesets().isEmpty() || context.analysis().nft().isEmpty()) {
            return;
        }
        Optional<Route> up = ContainerProbes.uplink(context.analysis().host(), ContainerProbes.OUTSIDE);
        if (up.isEmpty()) {
            return;
        }
        for (NftForwardRules.ForwardRule r : NftForwardRules.of(context.analysis().nft().get())) {
            NftEngines.Owner owner = context.analysis().nftOwner(r.table().name());
            if (owner == NftEngines.Owner.CONTAINER_ENGINE || owner == NftEngines.Owner.KUBE_PROXY
                    || !acceptsAtTheEnd(r.rule()) || r.daddr() == null || r.daddr().v6() || r.rule().span() == null) {
                continue;
            }
            Ip dst = r.daddr().length() >= 31 ? r.daddr().address() : r.daddr().first().plus(1);
            int proto = r.protocol() == null ? Packet.TCP : r.protocol();
            int port = r.dport() == null ? 80 : r.dport().lo();
            Packet p = proto == Packet.UDP ? Packet.udp(PortProbes.OUTSIDE, PortProbes.CLIENT_PORT, dst, port)
                    : Packet.tcp(PortProbes.OUTSIDE, PortProbes.CLIENT_PORT, dst, port);
            WalkRequest req = WalkRequest.arriving(up.get().device(), p);
            WalkResult result = ContainerProbes.forwardingWalker(context).walk(req);
            for (Outcome o : result.outcomes()) {
                Optional<TraceStep> dropper = overruled(o, r);
                if (dropper.isPresent()) {
                    report(context, sink, r, req, o, dropper.get(), result.outcomes().size() > 1);
                    break;
                }
            }
        }
    }

    private static boolean acceptsAtTheEnd(NftRule r) {
        List<NftStmt> s = r.statements();
        return !s.isEmpty() && s.get(s.size() - 1) instanceof NftStmt.Verdict v && v.kind() == NftStmt.VerdictKind.ACCEPT;
    }

    /** The step of another table that dropped the packet after this rule accepted it. */
    private static Optional<TraceStep> overruled(Outcome o, NftForwardRules.ForwardRule r) {
        if (o.verdict() == WalkVerdict.ACCEPT || o.steps().isEmpty()) {
            return Optional.empty();
        }
        int line = r.rule().span().line();
        boolean accepted = false;
        for (TraceStep s : o.steps()) {
            if (s.nft() != null && s.table().equals(r.table().name()) && s.chain().equals(r.chain().name())
                    && s.line() == line && s.target().equals("accept")) {
                accepted = true;
            }
        }
        TraceStep last = o.steps().get(o.steps().size() - 1);
        boolean elsewhere = !last.table().equals(r.table().name()) || last.nft() == null;
        return accepted && elsewhere ? Optional.of(last) : Optional.empty();
    }

    private static void report(CheckContext context, FindingSink sink, NftForwardRules.ForwardRule r, WalkRequest req,
                               Outcome o, TraceStep dropper, boolean may) {
        WalkEvidence.Cause cause = WalkEvidence.cause(context.analysis().rulesets(), o);
        String where = r.table().family().keyword() + " " + r.table().name();
        String by = dropper.nft() != null ? dropper.nft().family() + " " + dropper.table() + " " + dropper.chain()
                : dropper.family() + " " + dropper.table() + " " + dropper.chain();
        FindingSink.Report rep = sink.at(r.rule().span(), "this accept ends only " + where + "'s base chain: the packet"
                        + " goes on to the next base chain at the forward hook, and " + by + (may ? " may drop" : " drops")
                        + " it there")
                .location(where, r.chain().name(), r.rule().text().strip())
                .witness(WalkEvidence.witness(req, o));
        if (cause.isRule()) {
            rep.related(cause.span(), "the packet ends here: " + cause.description());
        }
        boolean engine = context.analysis().nftOwner(dropper.table()) == NftEngines.Owner.CONTAINER_ENGINE;
        rep.help(engine
                ? "an accept in another table cannot undo the engine's drop (nftables has no DOCKER-USER): publish the port"
                        + " (docker run -p), or mark the packet in a chain that runs before the engine's and start the"
                        + " engine with the mark it accepts (dockerd --bridge-accept-fwmark)"
                : "an accept cannot undo a later base chain's drop: accept the packet in " + by + " itself, or stop that"
                        + " chain from dropping it");
        if (may) {
            rep.severity(Severity.INFO);
        }
        rep.report();
    }
}
