package io.nflint.rules.checks;

import io.nflint.ir.AddrType;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.lower.Field;
import io.nflint.lower.FieldTest;
import io.nflint.lower.FieldTests;
import io.nflint.lower.Lowered;
import io.nflint.lower.LoweredRule;
import io.nflint.ir.target.Jump;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * kube-proxy sends every packet to a local address into KUBE-NODEPORTS unless
 * {@code --nodeport-addresses} limits it (then the jump carries {@code -d}): NodePorts are then
 * open on every address of the node, 127.0.0.1 and container bridges included.
 */
@CheckInfo(id = "NFL502", name = "kube-nodeport-on-all-addresses", severity = Severity.INFO,
        summary = "Kubernetes NodePorts listen on every local address of the node")
public final class KubeNodePortOnAllAddressesCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            if (!rs.family().isIp()) {
                continue;
            }
            Optional<Table> nat = rs.table("nat");
            if (nat.isEmpty()) {
                continue;
            }
            Optional<Chain> nodeports = nat.get().chain("KUBE-NODEPORTS");
            if (nodeports.isEmpty() || nodeports.get().rules().isEmpty()) {
                continue;
            }
            List<String> ports = ports(nodeports.get());
            for (Chain c : nat.get().chains()) {
                for (Rule r : c.rules()) {
                    if (r.target() instanceof Jump j && j.chain().equals("KUBE-NODEPORTS") && localWithoutAddress(r)) {
                        sink.at(r.span(), "NodePorts " + String.join(", ", ports) + " are open on every local address of"
                                        + " the node (addrtype LOCAL, no --nodeport-addresses), including 127.0.0.1 and"
                                        + " container bridges")
                                .rule(r)
                                .help("start kube-proxy with --nodeport-addresses (e.g. primary) to limit NodePorts to the"
                                        + " node's external addresses")
                                .report();
                    }
                }
            }
        }
    }

    private static boolean localWithoutAddress(Rule r) {
        LoweredRule l = LoweredRule.of(r);
        if (FieldTests.firstPositive(l, Field.IP_DADDR) != null) {
            return false;
        }
        // --dst-type LOCAL, with or without --limit-iface-in/out
        return Stream.of(Field.FIB_DADDR_TYPE, Field.FIB_DADDR_IIF_TYPE, Field.FIB_DADDR_OIF_TYPE)
                .flatMap(f -> FieldTests.conjuncts(l, f).stream())
                .anyMatch(t -> !t.negated() && t.symbols().contains(AddrType.LOCAL.name()));
    }

    private static List<String> ports(Chain nodeports) {
        List<String> out = new ArrayList<>();
        for (Rule r : nodeports.rules()) {
            for (Lowered m : LoweredRule.of(r).matches()) {
                int p = FieldTests.impliedProtocol(m);
                if (p == FieldTests.TCP || p == FieldTests.UDP) {
                    for (FieldTest t : FieldTests.conjuncts(m, Field.TH_DPORT)) {
                        out.add((p == FieldTests.TCP ? "tcp/" : "udp/") + t.ports());
                    }
                }
            }
        }
        List<String> distinct = out.stream().distinct().toList();
        return distinct.size() > 6 ? List.of(String.join(", ", distinct.subList(0, 6)) + " and " + (distinct.size() - 6) + " more")
                : distinct;
    }
}
