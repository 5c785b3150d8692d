package io.nflint.rules.checks;

import io.nflint.analysis.ContainerNetwork;
import io.nflint.analysis.HostAnalysis;
import io.nflint.host.Route;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTest;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;
import io.nflint.lower.Values;
import io.nflint.ir.target.Masquerade;
import io.nflint.ir.target.Snat;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.ContainerProbes;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import io.nflint.walk.Walker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks a packet from each container network to the outside and reports a network whose traffic
 * leaves by the uplink with its private source address. Then it says why, from the nat rules: no
 * MASQUERADE/SNAT for the subnet, one with the wrong out interface, one for too narrow a prefix, or
 * one that an earlier RETURN/ACCEPT in nat POSTROUTING keeps the packet from reaching.
 */
@CheckInfo(id = "NFL201", name = "egress-not-masqueraded", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "Container traffic leaves toward the uplink with its private source address")
public final class EgressNotMasqueradedCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        Optional<HostAnalysis> forwarding = ContainerProbes.forwardingAnalysis(context);
        if (forwarding.isEmpty()) {
            return; // no IPv4 rules, or NFL203: nothing leaves at all
        }
        HostAnalysis a = forwarding.get();
        Optional<Ruleset> rs = ContainerProbes.v4(context);
        Optional<Route> up = ContainerProbes.uplink(a.host(), ContainerProbes.OUTSIDE);
        if (up.isEmpty()) {
            return;
        }
        Walker w = ContainerProbes.forwardingWalker(context);
        for (ContainerNetwork n : a.networks()) {
            if (n.internal() || !n.masquerade() || n.gateway() == null) {
                continue; // --internal: no egress by design; masquerading off on purpose: NFL204
            }
            List<Ip> sources = new ArrayList<>(ContainerProbes.sources(a, n));
            // When a rule masquerades part of the subnet (a prefix between the subnet's and /32), the
            // subnet's last host stands for containers the engine has not started yet. Not otherwise:
            // CNI masquerades per container (-s 10.88.0.2/32), so unstarted addresses have no rule yet.
            Ip last = n.subnet().last().plus(-1);
            boolean partial = natRulesFor(rs.get(), n.subnet()).stream().map(EgressNotMasqueradedCheck::sourceOf)
                    .anyMatch(s -> s.isPresent() && s.get().length() > n.subnet().length() && s.get().length() < 32);
            if (partial && !sources.contains(last)) {
                sources.add(last);
            }
            for (Ip src : sources) {
                WalkRequest req = WalkRequest.arriving(n.bridge(),
                        Packet.tcp(src, ContainerProbes.CLIENT_PORT, ContainerProbes.OUTSIDE, 443));
                WalkResult r = w.walk(req);
                Optional<Outcome> leak = r.outcomes().stream().filter(o -> o.delivered() && o.outIface() != null
                        && o.outIface().equals(up.get().device()) && n.subnet().contains(o.packet().src())).findFirst();
                if (leak.isPresent()) {
                    boolean may = r.outcomes().size() > 1 && !r.outcomes().stream().allMatch(o -> o == leak.get()
                            || (o.delivered() && n.subnet().contains(o.packet().src())));
                    report(sink, rs.get(), a, n, src, up.get().device(), req, leak.get(), may);
                    break;
                }
            }
        }
    }

    private static void report(FindingSink sink, Ruleset rs, HostAnalysis a, ContainerNetwork n, Ip src, String uplink,
                               WalkRequest req, Outcome o, boolean may) {
        String what = "traffic from " + n.name() + " (" + n.subnet() + " on " + n.bridge() + ") " + (may ? "may leave" : "leaves")
                + " by " + uplink + " un-NATed, with source " + ContainerProbes.nameOf(a, src);
        String help = "masquerade the whole subnet: -t nat -A POSTROUTING -s " + n.subnet() + " ! -o " + n.bridge()
                + " -j MASQUERADE";
        List<Rule> candidates = natRulesFor(rs, n.subnet());
        Optional<Rule> covering = candidates.stream().filter(r -> sourceOf(r).map(s -> s.contains(src)).orElse(true))
                .findFirst();
        Optional<TraceStep> stopper = o.steps().stream().filter(s -> s.table().equals("nat") && s.kind() == TraceStep.Kind.RULE
                && ("ACCEPT".equals(s.target()) || "RETURN".equals(s.target()))).reduce((x, y) -> y);
        FindingSink.Report rep;
        if (covering.isPresent()) {
            Rule c = covering.get();
            Optional<FieldTest> out = outMatch(c);
            if (stopper.isPresent() && ContainerProbes.spanOf(rs, stopper.get()).map(sp -> sp.line() < c.span().line())
                    .orElse(false)) {
                TraceStep st = stopper.get();
                FindingSink.Report shadowed = sink.at(c.span(), what + ": this " + targetName(c)
                                + " is never reached, an earlier rule in nat " + st.chain() + " (line " + st.line() + ") "
                                + st.target() + "s first")
                        .help("move the " + targetName(c) + " above line " + st.line()
                                + ", or narrow that rule so it does not match " + n.subnet());
                ContainerProbes.spanOf(rs, st).ifPresent(sp -> shadowed.related(sp, "the packet leaves nat "
                        + st.chain() + " here"));
                rep = shadowed;
            } else if (out.isPresent() && ((Values.Name) out.get().values()).matches(uplink) == out.get().negated()) {
                rep = sink.at(out.get().span(), what + ": this " + targetName(c) + " has " + (out.get().negated() ? "! " : "")
                                + "-o " + ((Values.Name) out.get().values()).pattern() + ", but the traffic leaves by " + uplink)
                        .help("match the out interface the default route uses (-o " + uplink + "), or Docker's ! -o "
                                + n.bridge());
            } else {
                rep = sink.at(c.span(), what + ": this " + targetName(c) + " does not match it").help(help);
            }
            rep.rule(c);
        } else {
            Optional<Rule> narrow = candidates.stream().filter(r -> sourceOf(r).isPresent()).findFirst();
            if (narrow.isPresent()) {
                IpNet s = sourceOf(narrow.get()).orElseThrow();
                rep = sink.at(narrow.get().span(), what + ": this " + targetName(narrow.get()) + " covers only " + s
                                + " of " + n.subnet())
                        .rule(narrow.get()).help("widen the source to the network's subnet: -s " + n.subnet());
            } else {
                boolean guessed = n.inferred();
                rep = sink.at(ContainerProbes.anchor(rs, "nat", "POSTROUTING"), what
                                + ": no MASQUERADE or SNAT in nat POSTROUTING covers " + n.subnet()
                                + (guessed ? " (masquerading may be off on purpose, --ip-masq=false; the bundle's"
                                + " network inspect output would say)" : ""))
                        .location("nat", "POSTROUTING", "")
                        .help(help);
                if (guessed) {
                    rep.severity(Severity.INFO);
                }
            }
        }
        rep.witness(ContainerProbes.witness(req, o)).report();
    }

    /** MASQUERADE/SNAT rules of nat POSTROUTING-reachable chains whose source overlaps the subnet. */
    static List<Rule> natRulesFor(Ruleset rs, IpNet subnet) {
        List<Rule> out = new ArrayList<>();
        for (Rule r : rs.rules()) {
            if (!r.table().equals("nat") || !(r.target() instanceof Masquerade || r.target() instanceof Snat)) {
                continue;
            }
            Optional<IpNet> s = sourceOf(r);
            if (s.isPresent() && (!s.get().overlaps(subnet) || s.get().length() == 32 && isHairpin(r))) {
                continue; // Docker's per-port hairpin rule (-s c/32 -d c/32) is not an egress rule
            }
            if (hasNegatedSource(r)) {
                continue;
            }
            out.add(r);
        }
        return out;
    }

    private static boolean isHairpin(Rule r) {
        return FieldTests.whole(LoweredRule.of(r), Field.IP_DADDR).stream()
                .anyMatch(t -> !t.negated() && t.nets().size() == 1 && t.nets().get(0).length() == 32);
    }

    private static boolean hasNegatedSource(Rule r) {
        return FieldTests.whole(LoweredRule.of(r), Field.IP_SADDR).stream().anyMatch(FieldTest::negated);
    }

    static Optional<IpNet> sourceOf(Rule r) {
        return Optional.ofNullable(FieldTests.soleNet(LoweredRule.of(r), Field.IP_SADDR));
    }

    private static Optional<FieldTest> outMatch(Rule r) {
        return FieldTests.whole(LoweredRule.of(r), Field.OIFNAME).stream().findFirst();
    }

    private static String targetName(Rule r) {
        return r.target() instanceof Masquerade ? "MASQUERADE" : "SNAT";
    }
}
