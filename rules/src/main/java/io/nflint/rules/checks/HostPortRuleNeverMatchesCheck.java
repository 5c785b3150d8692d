package io.nflint.rules.checks;

import io.nflint.rules.support.CallGraphs;
import io.nflint.container.PortMapping;
import io.nflint.ir.Chain;
import io.nflint.ir.Family;
import io.nflint.ir.IpNet;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTest;
import io.nflint.lower.FieldTests;
import io.nflint.lower.LoweredRule;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.PortProbes;
import io.nflint.rules.support.WalkEvidence;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rule on the FORWARD path (DOCKER-USER, FORWARD, chains under them) written for the host side of
 * a published port — {@code --dport 8080} or {@code -d <host address>} — never sees that traffic:
 * DNAT in PREROUTING already rewrote the destination to the container's address and port. The rule
 * silently does nothing for the mapping it was written for.
 */
@CheckInfo(id = "NFL309", name = "rule-for-host-port-never-matches", severity = Severity.WARNING,
        engines = {Engine.STRUCTURE, Engine.WALKER},
        summary = "A FORWARD-path rule matches a published port's host port or address, which DNATed packets no longer have")
public final class HostPortRuleNeverMatchesCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        PortProbes probes = PortProbes.of(context);
        List<PortMapping> mappings = probes.mappings().stream().filter(m -> !PortProbes.loopbackOnly(m)).toList();
        Optional<Table> filter = context.analysis().ruleset(Family.IPV4).flatMap(rs -> rs.table("filter"));
        if (!mappings.isEmpty()) {
            context.analysis().nft().ifPresent(nft -> io.nflint.rules.support.NftHostPortRules.run(probes, mappings, nft, sink));
        }
        if (mappings.isEmpty() || filter.isEmpty()) {
            return;
        }
        Map<String, Set<String>> reaching = CallGraphs.of(context, filter.get()).reachingBuiltins();
        for (Chain chain : filter.get().chains()) {
            if (!reaching.getOrDefault(chain.name(), Set.of()).contains("FORWARD")) {
                continue;
            }
            for (Rule r : chain.rules()) {
                for (PortMapping m : mappings) {
                    Optional<String> why = why(probes, mappings, r, m);
                    if (why.isPresent()) {
                        report(probes, sink, r, m, why.get());
                        break;
                    }
                }
            }
        }
    }

    private static void report(PortProbes probes, FindingSink sink, Rule r, PortMapping m, String why) {
        SourceSpan span = span(r, why.startsWith("-d")).orElse(r.span());
        FindingSink.Report rep = sink.at(span, "this rule matches " + why + " of published port " + m.describe()
                        + ", which DNATed packets no longer have in " + r.chain()
                        + ": it never matches the published traffic")
                .rule(r)
                .related(m.dnatRule().span(), "the DNAT rewrites the destination to " + m.target() + ":" + m.targetPorts()
                        + " before " + r.chain());
        probes.outside(m).filter(p -> !p.outcomes().isEmpty())
                .ifPresent(p -> rep.witness(WalkEvidence.witness(p.request(), p.outcomes().get(0))));
        rep.help("match the original destination instead (-m conntrack --ctorigdstport " + m.hostPorts()
                + " --ctdir ORIGINAL), or the translated one (-d " + m.target() + "/32 --dport " + m.targetPorts() + ")")
                .report();
    }

    /** What host-side property of {@code m} the rule matches, or empty when it is not about {@code m}. */
    private static Optional<String> why(PortProbes probes, List<PortMapping> all, Rule r, PortMapping m) {
        Optional<Integer> proto = protocol(r);
        if (proto.isPresent() && proto.get() != m.protocol()) {
            return Optional.empty();
        }
        Optional<IpNet> dst = destination(r);
        boolean toHost = dst.isPresent() && dst.get().length() == 32 && probes.analysis().isLocal(dst.get().address())
                && probes.hostAddress(m).map(a -> a.equals(dst.get().address())).orElse(false);
        boolean toTarget = dst.isPresent() && dst.get().contains(m.target());
        if (dst.isPresent() && !toHost && !toTarget) {
            return Optional.empty();
        }
        Optional<PortRange> port = PublishedPortDroppedCheck.dport(r);
        if (port.isPresent()) {
            int host = m.hostPorts().lo();
            boolean hostPortOnly = port.get().contains(host) && m.targetPorts() != null && !m.targetPorts().contains(host)
                    && all.stream().noneMatch(x -> x.targetPorts() != null && x.targetPorts().contains(host));
            if (!hostPortOnly) {
                return Optional.empty();
            }
            return Optional.of((toHost ? "-d " + dst.get().address() + " and " : "") + m.protocolName() + " port "
                    + port.get() + ", the host port");
        }
        return toHost && proto.isPresent() ? Optional.of("-d " + dst.get().address() + ", the host address")
                : Optional.empty();
    }

    private static Optional<Integer> protocol(Rule r) {
        int p = FieldTests.protocol(LoweredRule.of(r));
        return p < 0 ? Optional.empty() : Optional.of(p);
    }

    private static Optional<IpNet> destination(Rule r) {
        return Optional.ofNullable(FieldTests.soleNet(LoweredRule.of(r), Field.IP_DADDR));
    }

    /** The rule's first -d, or the first --dport of its -m tcp / -m udp that has a place in the file. */
    private static Optional<SourceSpan> span(Rule r, boolean address) {
        if (address) {
            return FieldTests.whole(LoweredRule.of(r), Field.IP_DADDR).stream().findFirst().map(FieldTest::span);
        }
        return FieldTests.tcpUdp(LoweredRule.of(r), Field.TH_DPORT).stream().map(FieldTest::span)
                .filter(java.util.Objects::nonNull).findFirst();
    }
}
