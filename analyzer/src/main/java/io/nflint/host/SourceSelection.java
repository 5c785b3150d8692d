package io.nflint.host;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which of the host's addresses the kernel uses as the source of a packet it sends or MASQUERADEs
 * when nothing names one: IPv4 as {@code inet_select_addr} (devinet.c), IPv6 as
 * {@code ipv6_dev_get_saddr} (addrconf.c, RFC 6724). Interfaces are taken in ifindex order and
 * addresses in the order {@code ip addr} lists them, which is the kernel's own list order.
 */
public final class SourceSelection {

    private SourceSelection() {
    }

    /**
     * inet_select_addr(dev, match, scope): the first primary address of {@code dev} whose scope is
     * within {@code scope} and whose subnet holds {@code match} (the next hop), else its first such
     * address; when {@code dev} has none, the first primary address of any device (in index order,
     * lo first) that is neither link- nor wider-scoped than {@code scope}.
     */
    public static Optional<Ip> ipv4(List<NetInterface> interfaces, String dev, Ip match, int scope) {
        Ip first = null;
        for (NetInterface i : interfaces) {
            if (!i.name().equals(dev)) {
                continue;
            }
            for (IfAddress a : i.addresses()) {
                if (a.v6() || a.secondary() || a.scope() > scope) {
                    continue;
                }
                if (match == null || a.subnet().contains(match)) {
                    return Optional.of(a.address());
                }
                first = first == null ? a.address() : first;
            }
        }
        if (first != null) {
            return Optional.of(first);
        }
        for (NetInterface i : byIndex(interfaces)) {
            for (IfAddress a : i.addresses()) {
                if (!a.v6() && !a.secondary() && a.scope() != IfAddress.SCOPE_LINK && a.scope() <= scope) {
                    return Optional.of(a.address());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * ipv6_dev_get_saddr: every address of every device (only {@code dev}'s for a link-local or
     * multicast destination) ranked by RFC 6724's rules as the kernel applies them — the destination
     * itself; appropriate scope; the outgoing interface; matching label; longest matching prefix
     * (capped at the address's own prefix length). A tie keeps the address met first. Deprecated,
     * home and temporary addresses are not in a bundle, so rules 3, 4 and 7 do not apply.
     */
    public static Optional<Ip> ipv6(List<NetInterface> interfaces, String dev, Ip dst) {
        int dstScope = scope6(dst);
        boolean onlyDev = dstScope <= LINK6 || (dst.hi() >>> 56) == 0xff;
        int dstLabel = label(dst);
        Ip best = null;
        int[] bestScore = null;
        for (NetInterface i : byIndex(interfaces)) {
            if (onlyDev && !i.name().equals(dev)) {
                continue;
            }
            for (IfAddress a : i.addresses()) {
                if (!a.v6()) {
                    continue;
                }
                int srcScope = scope6(a.address());
                int scopeRank = srcScope >= dstScope ? -srcScope : srcScope - 128;
                int prefix = Math.min(commonPrefix(a.address(), dst), a.prefixLen());
                int[] score = {a.address().equals(dst) ? 1 : 0, scopeRank, i.name().equals(dev) ? 1 : 0,
                        label(a.address()) == dstLabel ? 1 : 0, prefix};
                if (bestScore == null || better(score, bestScore)) {
                    best = a.address();
                    bestScore = score;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean better(int[] a, int[] b) {
        for (int k = 0; k < a.length; k++) {
            if (a[k] != b[k]) {
                return a[k] > b[k];
            }
        }
        return false;
    }

    private static List<NetInterface> byIndex(List<NetInterface> interfaces) {
        return interfaces.stream().sorted(Comparator.comparingInt(i -> i.index() <= 0 ? Integer.MAX_VALUE : i.index())).toList();
    }

    private static final int HOST6 = 0x1;
    private static final int LINK6 = 0x2;
    private static final int SITE6 = 0x5;
    private static final int GLOBAL6 = 0xe;

    /** __ipv6_addr_src_scope of the address type. */
    static int scope6(Ip ip) {
        if (ip.hi() == 0 && ip.lo() == 1) {
            return HOST6;
        }
        int top10 = (int) (ip.hi() >>> 54);
        if (top10 == 0x3fa) {
            return LINK6;
        }
        if (top10 == 0x3fb) {
            return SITE6;
        }
        if ((ip.hi() >>> 56) == 0xff) {
            return (int) ((ip.hi() >>> 48) & 0xf);
        }
        return GLOBAL6;
    }

    /** The default policy table's labels (RFC 6724 section 2.1, as ip6addrlbl.c has them). */
    private static final List<Object[]> LABELS = List.of(
            new Object[] {IpNet.parse("::1/128").orElseThrow(), 0},
            new Object[] {IpNet.parse("::ffff:0:0/96").orElseThrow(), 4},
            new Object[] {IpNet.parse("::/96").orElseThrow(), 3},
            new Object[] {IpNet.parse("2001::/32").orElseThrow(), 6},
            new Object[] {IpNet.parse("2001:10::/28").orElseThrow(), 7},
            new Object[] {IpNet.parse("2002::/16").orElseThrow(), 2},
            new Object[] {IpNet.parse("3ffe::/16").orElseThrow(), 12},
            new Object[] {IpNet.parse("fc00::/7").orElseThrow(), 5},
            new Object[] {IpNet.parse("fec0::/10").orElseThrow(), 11});

    static int label(Ip ip) {
        int best = 1;
        int len = -1;
        for (Object[] l : LABELS) {
            IpNet net = (IpNet) l[0];
            if (net.contains(ip) && net.length() > len) {
                best = (Integer) l[1];
                len = net.length();
            }
        }
        return best;
    }

    private static int commonPrefix(Ip a, Ip b) {
        long hi = a.hi() ^ b.hi();
        if (hi != 0) {
            return Long.numberOfLeadingZeros(hi);
        }
        long lo = a.lo() ^ b.lo();
        return lo == 0 ? 128 : 64 + Long.numberOfLeadingZeros(lo);
    }
}
