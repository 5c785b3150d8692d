package io.nflint.rules.checks;

import io.nflint.ir.AddrType;
import io.nflint.ir.Chain;
import io.nflint.ir.Direction;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.match.AddressMatch;
import io.nflint.ir.match.AddrtypeMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.TcpMatch;
import io.nflint.ir.match.UdpMatch;
import io.nflint.ir.target.Jump;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        boolean local = false;
        for (Match m : r.matches()) {
            if (m instanceof AddressMatch a && a.direction() == Direction.DESTINATION && !a.negated()) {
                return false;
            }
            if (m instanceof AddrtypeMatch at && at.dst() != null && !at.dst().negated()
                    && at.dst().value().contains(AddrType.LOCAL)) {
                local = true;
            }
        }
        return local;
    }

    private static List<String> ports(Chain nodeports) {
        List<String> out = new ArrayList<>();
        for (Rule r : nodeports.rules()) {
            for (Match m : r.matches()) {
                if (m instanceof TcpMatch t && t.dport() != null) {
                    out.add("tcp/" + t.dport().value());
                } else if (m instanceof UdpMatch u && u.dport() != null) {
                    out.add("udp/" + u.dport().value());
                }
            }
        }
        List<String> distinct = out.stream().distinct().toList();
        return distinct.size() > 6 ? List.of(String.join(", ", distinct.subList(0, 6)) + " and " + (distinct.size() - 6) + " more")
                : distinct;
    }
}
