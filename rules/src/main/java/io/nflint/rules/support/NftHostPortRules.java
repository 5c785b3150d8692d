package io.nflint.rules.support;

import io.nflint.container.PortMapping;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.rules.FindingSink;
import java.util.List;

/**
 * NFL309 on native nft tables: a rule at the forward hook — in the user's own table or in the
 * engine's — that tests a published port's host port. At the forward hook the packet already
 * carries the container's address and port (DNAT ran at prerouting), so on Docker's nftables
 * backend, which has no DOCKER-USER, a restriction written this way never applies.
 */
public final class NftHostPortRules {

    private NftHostPortRules() {
    }

    public static void run(PortProbes probes, List<PortMapping> mappings, NftRuleset nft, FindingSink sink) {
        for (NftForwardRules.ForwardRule r : NftForwardRules.of(nft)) {
            if (r.dport() == null) {
                continue;
            }
            for (PortMapping m : mappings) {
                if (matchesHostPortOnly(probes, mappings, r, m)) {
                    report(probes, sink, r, m);
                    break;
                }
            }
        }
    }

    private static boolean matchesHostPortOnly(PortProbes probes, List<PortMapping> all, NftForwardRules.ForwardRule r,
                                               PortMapping m) {
        if (r.protocol() != null && r.protocol() != m.protocol()) {
            return false;
        }
        boolean toHost = r.daddr() != null && r.daddr().length() == 32 && probes.analysis().isLocal(r.daddr().address());
        if (r.daddr() != null && !toHost && !r.daddr().contains(m.target())) {
            return false;
        }
        int host = m.hostPorts().lo();
        return r.dport().contains(host) && m.targetPorts() != null && !m.targetPorts().contains(host)
                && all.stream().noneMatch(x -> x.targetPorts() != null && x.targetPorts().contains(host));
    }

    private static void report(PortProbes probes, FindingSink sink, NftForwardRules.ForwardRule r, PortMapping m) {
        String where = r.table().family().keyword() + " " + r.table().name() + " " + r.chain().name();
        FindingSink.Report rep = sink.at(r.rule().span(), "this rule matches " + m.protocolName() + " port " + r.dport()
                        + ", the host port of published port " + m.describe() + ", which DNATed packets no longer have at the"
                        + " forward hook (" + where + "): it never matches the published traffic")
                .location(r.table().family().keyword() + " " + r.table().name(), r.chain().name(), r.rule().text().strip())
                .related(m.dnatRule().span(), "the DNAT rewrites the destination to " + m.target() + ":" + m.targetPorts()
                        + " before the forward hook");
        probes.outside(m).filter(p -> !p.outcomes().isEmpty())
                .ifPresent(p -> rep.witness(WalkEvidence.witness(p.request(), p.outcomes().get(0))));
        rep.help("match the original destination instead (ct original proto-dst " + m.hostPorts()
                + "), or the translated one (ip daddr " + m.target() + " " + m.protocolName() + " dport " + m.targetPorts() + ")")
                .report();
    }
}
