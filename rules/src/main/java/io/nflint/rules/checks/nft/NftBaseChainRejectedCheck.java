package io.nflint.rules.checks.nft;

import io.nflint.ir.nft.NftBaseChain;
import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftFamily;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.NftRefs;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base chains and NAT statements the kernel refuses (net/netfilter/nf_tables_api.c,
 * nft_chain_nat.c, nft_masq.c): a hook the family does not have, a nat chain outside ip/ip6/inet or
 * on the forward hook, a route chain off the output hook, and masquerade/snat/dnat/redirect in a
 * chain that is not a nat chain — which {@code nft -c} accepts and the real load rejects.
 */
@CheckInfo(id = "NFL606", name = "nft-base-chain-rejected", severity = Severity.ERROR,
        summary = "An nft base chain type/hook/family the kernel rejects, or NAT in a chain that is not a nat chain")
public final class NftBaseChainRejectedCheck implements Check {

    private static final Map<NftFamily, List<String>> HOOKS = Map.of(
            NftFamily.IP, List.of("prerouting", "input", "forward", "output", "postrouting"),
            NftFamily.IP6, List.of("prerouting", "input", "forward", "output", "postrouting"),
            NftFamily.INET, List.of("prerouting", "input", "forward", "output", "postrouting", "ingress"),
            NftFamily.ARP, List.of("input", "output"),
            NftFamily.BRIDGE, List.of("prerouting", "input", "forward", "output", "postrouting"),
            NftFamily.NETDEV, List.of("ingress", "egress"));

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftRuleset rs : context.nftRulesets()) {
            for (NftTable t : rs.tables()) {
                for (NftChain c : t.chains()) {
                    c.base().ifPresent(b -> header(t, c, b, sink));
                }
                natOutsideNat(t, sink);
            }
        }
    }

    private static void header(NftTable t, NftChain c, NftBaseChain b, FindingSink sink) {
        String fam = t.family().keyword();
        if (!HOOKS.get(t.family()).contains(b.hook())) {
            sink.at(b.span(), "hook " + b.hook() + ": the " + fam + " family does not support this hook (it has "
                            + String.join(", ", HOOKS.get(t.family())) + "); nft rejects the chain")
                    .location(t.name(), c.name(), "").help("use one of the family's hooks, or a table of another family")
                    .report();
            return;
        }
        if (b.type().equals("nat") && !t.family().hasNat()) {
            sink.at(b.span(), "type nat in the " + fam + " family: NAT is only supported for IPv4/IPv6 (ip, ip6, inet);"
                            + " nft rejects the chain")
                    .location(t.name(), c.name(), "").help("move the nat chain into a table of family ip, ip6 or inet")
                    .report();
        } else if (b.type().equals("nat") && b.hook().equals("forward")) {
            sink.at(b.span(), "type nat on the forward hook: the kernel has no NAT at forward; the chain is rejected")
                    .location(t.name(), c.name(), "").help("NAT at prerouting/output (dnat) or postrouting/input (snat)")
                    .report();
        } else if (b.type().equals("route") && !(b.hook().equals("output") || b.hook().equals("prerouting"))) {
            sink.at(b.span(), "type route on the " + b.hook() + " hook: route chains exist only at output"
                            + " (and prerouting on newer kernels); the chain is rejected")
                    .location(t.name(), c.name(), "").help("use type filter here")
                    .report();
        }
    }

    /** NAT statements in chains reachable from a base chain that is not of type nat. */
    private static void natOutsideNat(NftTable t, FindingSink sink) {
        Set<String> underNonNat = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (NftChain c : t.chains()) {
            if (c.base().isPresent() && !c.base().get().type().equals("nat")) {
                underNonNat.add(c.name());
                work.add(c.name());
            }
        }
        List<NftRefs.Jump> jumps = NftRefs.jumps(t);
        while (!work.isEmpty()) {
            String at = work.poll();
            for (NftRefs.Jump j : jumps) {
                if (j.from().equals(at) && underNonNat.add(j.to())) {
                    work.add(j.to());
                }
            }
        }
        for (NftChain c : t.chains()) {
            boolean baseNonNat = c.base().isPresent() && !c.base().get().type().equals("nat");
            if (!underNonNat.contains(c.name()) && t.family().hasNat()) {
                continue;
            }
            for (NftRule r : c.rules()) {
                for (NftStmt s : r.statements()) {
                    if (!(s instanceof NftStmt.Nat n)) {
                        continue;
                    }
                    String what = n.kind().name().toLowerCase(java.util.Locale.ROOT);
                    if (!t.family().hasNat()) {
                        sink.at(n.span(), what + " in the " + t.family().keyword()
                                        + " family: NAT is only supported for IPv4/IPv6; nft rejects the rule")
                                .location(t.name(), c.name(), r.text())
                                .help("NAT in a table of family ip, ip6 or inet")
                                .report();
                        continue;
                    }
                    sink.at(n.span(), what + " in chain '" + c.name() + "', "
                                    + (baseNonNat ? "a " + c.base().get().type() + " chain" : "reached from a chain that is not a nat chain")
                                    + ": nft -c accepts it, but the kernel refuses to load it (\"Operation not supported\")")
                            .location(t.name(), c.name(), r.text())
                            .help("move the rule into a base chain of type nat (" + (n.kind() == NftStmt.NatKind.SNAT
                                    || n.kind() == NftStmt.NatKind.MASQUERADE ? "hook postrouting priority srcnat"
                                    : "hook prerouting priority dstnat") + ")")
                            .report();
                }
            }
        }
    }
}
