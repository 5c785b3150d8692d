package io.nflint.container;

import io.nflint.ir.nft.NftChain;
import io.nflint.ir.nft.NftExpr;
import io.nflint.ir.nft.NftExprs;
import io.nflint.ir.nft.NftRule;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.nft.NftTable;
import java.util.List;
import java.util.Set;

/**
 * Whose native table this is, told from what its rules do rather than from chain or table names
 * (both change between releases, and an admin may copy them):
 * <ul>
 * <li>kube-proxy: marks packets with 0x4000 and masquerades what carries it, picks endpoints with
 *     {@code numgen}, or dispatches on a {@code daddr . l4proto . dport} verdict map;</li>
 * <li>a container engine (Docker 29, netavark): dispatches forwarded packets on an interface-name
 *     verdict map or per-interface jumps, and DNATs or masquerades for those interfaces;</li>
 * <li>firewalld: dispatches by interface into zone chains and carries {@code ct state} /
 *     {@code fib saddr . iif oif missing} reverse-path rules — a host firewall, not an engine;</li>
 * <li>the xtables tables an iptables-nft host shows ({@code table ip filter} with upper-case chains).</li>
 * </ul>
 */
public final class NftEngines {

    /** The owners nflint tells apart. */
    public enum Owner { KUBE_PROXY, CONTAINER_ENGINE, HOST_FIREWALL, XTABLES, OTHER }

    private static final Set<String> XTABLES = Set.of("filter", "nat", "mangle", "raw", "security");
    private static final Set<String> BUILTIN = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

    private NftEngines() {
    }

    /** An iptables-nft table: the name and built-in chains iptables gives it. */
    public static boolean isXtablesTable(NftTable t) {
        return XTABLES.contains(t.name()) && t.chains().stream().anyMatch(c -> BUILTIN.contains(c.name()));
    }

    public static Owner owner(NftTable t) {
        if (isXtablesTable(t)) {
            return Owner.XTABLES;
        }
        boolean kubeMark = false;
        boolean numgen = false;
        boolean serviceMap = false;
        boolean ifaceDispatch = false;
        boolean nat = false;
        boolean rpfilter = false;
        for (NftChain c : t.chains()) {
            for (NftRule r : c.rules()) {
                for (NftStmt s : r.statements()) {
                    List<NftExpr> exprs = NftExprs.of(s);
                    kubeMark |= readsMark(exprs) && exprs.stream().anyMatch(NftEngines::isKubeMasqueradeBit);
                    numgen |= exprs.stream().anyMatch(e -> e instanceof NftExpr.Numgen);
                    if (s instanceof NftStmt.VerdictMap vm) {
                        serviceMap |= serviceKey(vm.key());
                        ifaceDispatch |= interfaceKey(vm.key());
                    }
                    rpfilter |= s instanceof NftStmt.Match m && reversePathTest(m);
                    if (s instanceof NftStmt.Nat n && (n.kind() == NftStmt.NatKind.DNAT
                            || n.kind() == NftStmt.NatKind.MASQUERADE)) {
                        nat = true;
                    }
                }
            }
        }
        if (kubeMark || numgen || serviceMap) {
            return Owner.KUBE_PROXY;
        }
        if (rpfilter) {
            return Owner.HOST_FIREWALL;
        }
        if (ifaceDispatch && nat) {
            return Owner.CONTAINER_ENGINE;
        }
        return Owner.OTHER;
    }

    /**
     * Docker's userland-proxy shape on nftables, as on iptables: the nat output chain sends the host's
     * own traffic to the published-port chain except to 127.0.0.0/8 ({@code ip daddr != 127.0.0.0/8
     * fib daddr type local jump …}), which docker-proxy serves instead; without the proxy it has no
     * such exception.
     */
    public static boolean userlandProxyShape(NftTable t) {
        if (owner(t) != Owner.CONTAINER_ENGINE) {
            return false;
        }
        for (NftChain c : t.chains()) {
            if (c.base().isEmpty() || !c.base().get().type().equals("nat") || !c.base().get().hook().equals("output")) {
                continue;
            }
            for (NftRule r : c.rules()) {
                boolean jumps = r.statements().stream().anyMatch(s -> s instanceof NftStmt.Verdict v
                        && v.kind() == NftStmt.VerdictKind.JUMP);
                boolean loopbackExcluded = r.statements().stream().anyMatch(s -> s instanceof NftStmt.Match m
                        && m.op() == NftStmt.RelOp.NE && m.left() instanceof NftExpr.Payload p && p.field().equals("daddr")
                        && m.right() instanceof NftExpr.Prefix x && x.length() == 8
                        && x.address() instanceof NftExpr.Value v && v.text().equals("127.0.0.0"));
                if (jumps && loopbackExcluded) {
                    return true;
                }
            }
        }
        return false;
    }

    /** kube-proxy's masquerade bit, however nft prints it (0x4000, 0x00004000, 16384). */
    private static boolean isKubeMasqueradeBit(NftExpr e) {
        if (!(e instanceof NftExpr.Value v)) {
            return false;
        }
        try {
            return Long.decode(v.text()) == 0x4000L;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static boolean readsMark(List<NftExpr> exprs) {
        return exprs.stream().anyMatch(e -> e instanceof NftExpr.Meta m && m.key().equals("mark")
                || e instanceof NftExpr.Ct c && c.key().equals("mark"));
    }

    /** {@code ip daddr . meta l4proto . th dport}: a service lookup by address, protocol and port. */
    private static boolean serviceKey(NftExpr key) {
        if (!(key instanceof NftExpr.Concat c) || c.parts().size() != 3) {
            return false;
        }
        List<NftExpr> p = c.parts();
        boolean addr = p.get(0) instanceof NftExpr.Payload a && a.field().equals("daddr");
        boolean proto = p.get(1) instanceof NftExpr.Meta m && m.key().equals("l4proto")
                || p.get(1) instanceof NftExpr.Payload q && (q.field().equals("protocol") || q.field().equals("nexthdr"));
        boolean port = p.get(2) instanceof NftExpr.Payload d && d.field().equals("dport");
        return addr && proto && port;
    }

    /** {@code fib saddr . iif oif missing} (or {@code … check missing}): the reverse-path test firewalld writes. */
    private static boolean reversePathTest(NftStmt.Match m) {
        return m.left() instanceof NftExpr.Fib f && f.flags().contains("saddr")
                && (f.result().equals("oif") || f.result().equals("check"))
                && NftExprs.of(m).stream().anyMatch(e -> e instanceof NftExpr.Value v && v.text().equals("missing")
                        || e instanceof NftExpr.Keyed k && k.words().contains("missing"));
    }

    private static boolean interfaceKey(NftExpr key) {
        return key instanceof NftExpr.Meta m && (m.key().equals("iifname") || m.key().equals("oifname"));
    }
}
