package io.nflint.walk;

import io.nflint.ir.AddrType;
import io.nflint.ir.Ip;
import io.nflint.lower.Lowered;
import io.nflint.lower.LoweredRule;
import java.util.List;

/**
 * Evaluates a rule's matches on one packet, as the kernel's match modules would, in three-valued
 * logic, by reading the rule's lowered form ({@link io.nflint.lower}): a match the packet alone cannot
 * decide (statistic, limit, recent, owner, an ipset without contents, an unknown module) is UNKNOWN
 * and its reason is added to {@code unknowns}.
 */
public final class MatchEval {

    private MatchEval() {
    }

    /** Conjunction over the lowered rule's matches; reasons for UNKNOWN go to {@code unknowns}. */
    public static Tri rule(LoweredRule rule, MatchContext c, List<String> unknowns) {
        PredEval eval = new PredEval(c, unknowns);
        Tri all = Tri.TRUE;
        for (Lowered m : rule.matches()) {
            Tri t = eval.eval(m.pred());
            if (t == Tri.FALSE) {
                return Tri.FALSE;
            }
            all = all.and(t);
        }
        return all;
    }

    /**
     * The address type as inet_addr_type sees it: 0.0.0.0/8 and 255.255.255.255 are BROADCAST,
     * 224/4 MULTICAST, the host's own addresses LOCAL (only {@code limitIface}'s with --limit-iface-*),
     * subnet broadcasts BROADCAST, everything else UNICAST.
     */
    static AddrType addrType(Ip ip, String limitIface, HostView host) {
        if (!ip.v6()) {
            int top = ip.v4Value() >>> 24;
            if (top == 0 || isLimitedBroadcast(ip)) {
                return AddrType.BROADCAST;
            }
        }
        if (isMulticast(ip)) {
            return AddrType.MULTICAST;
        }
        boolean local = limitIface == null ? host.isLocal(ip) : host.isLocalOn(limitIface, ip);
        if (local) {
            return AddrType.LOCAL;
        }
        if (host.isBroadcast(limitIface, ip)) {
            return AddrType.BROADCAST;
        }
        return AddrType.UNICAST;
    }

    static boolean isLimitedBroadcast(Ip ip) {
        return !ip.v6() && ip.v4Value() == -1;
    }

    static boolean isMulticast(Ip ip) {
        return ip.v6() ? (ip.hi() >>> 56) == 0xff : (ip.v4Value() >>> 28) == 0xe;
    }

    /** Groups ipmr and ip6mr never forward: 224.0.0.0/24, and IPv6 scopes up to link-local (ff00::/16 … ff02::/16). */
    static boolean isLinkLocalGroup(Ip ip) {
        return ip.v6() ? ((ip.hi() >>> 48) & 0xf) <= 2 : (ip.v4Value() >>> 8) == 0xe00000;
    }
}
