package io.nflint.walk;

import io.nflint.ir.AddrType;
import io.nflint.ir.CtState;
import io.nflint.ir.Direction;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import io.nflint.ir.match.AddrtypeMatch;
import io.nflint.ir.match.AddressMatch;
import io.nflint.ir.match.AmongMatch;
import io.nflint.ir.match.BridgeIpMatch;
import io.nflint.ir.match.CommentMatch;
import io.nflint.ir.match.ConnmarkMatch;
import io.nflint.ir.match.ConntrackMatch;
import io.nflint.ir.match.EtherTypeMatch;
import io.nflint.ir.match.FragmentMatch;
import io.nflint.ir.match.IcmpMatch;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.IprangeMatch;
import io.nflint.ir.match.LimitMatch;
import io.nflint.ir.match.MacMatch;
import io.nflint.ir.match.MarkMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.MultiportMatch;
import io.nflint.ir.match.OwnerMatch;
import io.nflint.ir.match.PhysdevMatch;
import io.nflint.ir.match.PkttypeMatch;
import io.nflint.ir.match.ProtocolMatch;
import io.nflint.ir.match.RecentMatch;
import io.nflint.ir.match.SctpMatch;
import io.nflint.ir.match.SetMatch;
import io.nflint.ir.match.StateMatch;
import io.nflint.ir.match.StatisticMatch;
import io.nflint.ir.match.TcpMatch;
import io.nflint.ir.match.UdpMatch;
import io.nflint.ir.match.UnknownMatch;
import io.nflint.pipeline.Hook;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a rule's matches on one packet, as the kernel's match modules would, in three-valued
 * logic: a match the packet alone cannot decide (statistic, limit, recent, owner, an ipset without
 * contents, an unknown module) is UNKNOWN and its reason is added to {@code unknowns}.
 */
public final class MatchEval {

    private MatchEval() {
    }

    /** Conjunction over the rule's matches; reasons for UNKNOWN go to {@code unknowns}. */
    public static Tri rule(Rule rule, MatchContext c, List<String> unknowns) {
        Tri all = Tri.TRUE;
        for (Match m : rule.matches()) {
            Tri t = match(m, c, unknowns);
            if (t == Tri.FALSE) {
                return Tri.FALSE;
            }
            all = all.and(t);
        }
        return all;
    }

    static Tri match(Match m, MatchContext c, List<String> unknowns) {
        Packet p = c.packet();
        if (m instanceof AddressMatch a) {
            Ip ip = a.direction() == Direction.SOURCE ? p.src() : p.dst();
            boolean any = a.nets().stream().anyMatch(n -> n.contains(ip));
            return Tri.of(any).negate(a.negated());
        }
        if (m instanceof InterfaceMatch i) {
            return Tri.of(i.nameMatches(ifaceFor(i.kind(), c))).negate(i.negated());
        }
        if (m instanceof ProtocolMatch pm) {
            boolean matches = pm.protocol() == 0 || pm.protocol() == p.proto();
            return Tri.of(matches).negate(pm.negated());
        }
        if (m instanceof FragmentMatch f) {
            return Tri.of(false).negate(f.negated());
        }
        if (m instanceof TcpMatch t) {
            if (p.proto() != Packet.TCP) {
                return Tri.FALSE;
            }
            Tri r = ports(t.sport(), p.sport()).and(ports(t.dport(), p.dport()));
            if (t.flags() != null) {
                r = r.and(Tri.of(t.flags().value().matches(p.tcpFlags())).negate(t.flags().negated()));
            }
            if (t.option() != null) {
                unknowns.add("--tcp-option " + t.option().value() + " is not modelled");
                r = r.and(Tri.UNKNOWN);
            }
            return r;
        }
        if (m instanceof UdpMatch u) {
            if (p.proto() != Packet.UDP && p.proto() != 136) {
                return Tri.FALSE;
            }
            return ports(u.sport(), p.sport()).and(ports(u.dport(), p.dport()));
        }
        if (m instanceof SctpMatch s) {
            if (p.proto() != Packet.SCTP) {
                return Tri.FALSE;
            }
            Tri r = ports(s.sport(), p.sport()).and(ports(s.dport(), p.dport()));
            if (!s.unmodelled().isEmpty() && r != Tri.FALSE) {
                unknowns.add("sctp " + s.unmodelled() + " is not modelled");
                r = r.and(Tri.UNKNOWN);
            }
            return r;
        }
        if (m instanceof IcmpMatch i) {
            if (p.proto() != (i.v6() ? Packet.ICMPV6 : Packet.ICMP)) {
                return Tri.FALSE;
            }
            return Tri.of(i.matches(p.icmpType(), p.icmpCode())).negate(i.negated());
        }
        if (m instanceof MultiportMatch mp) {
            if (!p.hasPorts()) {
                return Tri.FALSE;
            }
            boolean hit;
            switch (mp.which()) {
                case SOURCE:
                    hit = mp.anyContains(p.sport());
                    break;
                case DESTINATION:
                    hit = mp.anyContains(p.dport());
                    break;
                default:
                    hit = mp.anyContains(p.sport()) || mp.anyContains(p.dport());
            }
            return Tri.of(hit).negate(mp.negated());
        }
        if (m instanceof ConntrackMatch ct) {
            return conntrack(ct, c, unknowns);
        }
        if (m instanceof StateMatch s) {
            return Tri.of(stateIn(s.states(), c)).negate(s.negated());
        }
        if (m instanceof AddrtypeMatch a) {
            Tri r = Tri.TRUE;
            if (a.src() != null) {
                String limit = a.limitIfaceIn() ? p.in() : a.limitIfaceOut() ? p.out() : null;
                r = r.and(Tri.of(a.src().value().contains(addrType(p.src(), limit, c.host()))).negate(a.src().negated()));
            }
            if (a.dst() != null) {
                String limit = a.limitIfaceIn() ? p.in() : a.limitIfaceOut() ? p.out() : null;
                r = r.and(Tri.of(a.dst().value().contains(addrType(p.dst(), limit, c.host()))).negate(a.dst().negated()));
            }
            return r;
        }
        if (m instanceof MarkMatch mm) {
            return Tri.of(mm.mark().matches(p.mark())).negate(mm.negated());
        }
        if (m instanceof ConnmarkMatch cm) {
            return Tri.of(cm.mark().matches(p.ctMark())).negate(cm.negated());
        }
        if (m instanceof CommentMatch) {
            return Tri.TRUE;
        }
        if (m instanceof PhysdevMatch pd) {
            return physdev(pd, c);
        }
        if (m instanceof IprangeMatch r) {
            Tri t = Tri.TRUE;
            if (r.src() != null) {
                t = t.and(Tri.of(r.src().value().contains(p.src())).negate(r.src().negated()));
            }
            if (r.dst() != null) {
                t = t.and(Tri.of(r.dst().value().contains(p.dst())).negate(r.dst().negated()));
            }
            return t;
        }
        if (m instanceof MacMatch mac) {
            String have = mac.direction() == Direction.SOURCE ? p.srcMac() : p.dstMac();
            if (have == null) {
                unknowns.add("the packet's MAC address is not known");
                return Tri.UNKNOWN;
            }
            return Tri.of(macMatches(mac.mac(), mac.mask(), have)).negate(mac.negated());
        }
        if (m instanceof SetMatch s) {
            List<Direction> flags = s.flags();
            var in = c.host().setContains(s.setName(), p, flags);
            if (in.isEmpty()) {
                unknowns.add("contents of ipset " + s.setName() + " are unknown");
                return Tri.UNKNOWN;
            }
            Tri r = Tri.of(in.get()).negate(s.negated());
            if (!s.unmodelled().isEmpty() && r == Tri.TRUE) {
                unknowns.add("set counter options " + s.unmodelled() + " are not modelled");
                return Tri.UNKNOWN;
            }
            return r;
        }
        if (m instanceof StatisticMatch st) {
            if (st.mode() == StatisticMatch.Mode.RANDOM && (st.probability() >= 1.0 || st.probability() <= 0.0)) {
                return Tri.of(st.probability() >= 1.0).negate(st.negated());
            }
            if (st.mode() == StatisticMatch.Mode.NTH && st.every() <= 1) {
                return Tri.TRUE.negate(st.negated());
            }
            unknowns.add(st.mode() == StatisticMatch.Mode.RANDOM
                    ? "statistic --probability " + st.probability() : "statistic --every " + st.every());
            return Tri.UNKNOWN;
        }
        if (m instanceof LimitMatch l) {
            unknowns.add("limit " + l.rate() + " depends on the packet rate");
            return Tri.UNKNOWN;
        }
        if (m instanceof RecentMatch r) {
            if (r.mode().equals("set")) {
                // xt_recent: --set adds (or refreshes) the source and returns !invert, whatever the list holds
                return Tri.of(!r.negated());
            }
            unknowns.add("recent --" + r.mode() + " depends on earlier packets");
            return Tri.UNKNOWN;
        }
        if (m instanceof OwnerMatch o) {
            if (!c.locallyGenerated() || (c.hook() != Hook.OUTPUT && c.hook() != Hook.POSTROUTING)) {
                // xt_owner: no local socket, so the match fails unless every option is negated
                boolean allNegated = !o.options().isEmpty() && o.options().stream().allMatch(x -> x.negated());
                return Tri.of(allNegated);
            }
            unknowns.add("owner " + o.options() + ": which process sends is not known");
            return Tri.UNKNOWN;
        }
        if (m instanceof PkttypeMatch pt) {
            String type = c.host().isBroadcast(null, p.dst()) || isLimitedBroadcast(p.dst()) ? "broadcast"
                    : isMulticast(p.dst()) ? "multicast" : "unicast";
            if (c.bridgeFamily() && pt.type().equals("host")) {
                unknowns.add("pkttype host depends on the frame's destination MAC");
                return Tri.UNKNOWN;
            }
            return Tri.of(pt.type().equals(type)).negate(pt.negated());
        }
        if (m instanceof EtherTypeMatch e) {
            int et = p.v6() ? 0x86dd : 0x0800;
            return Tri.of(e.etherType() == et).negate(e.negated());
        }
        if (m instanceof BridgeIpMatch b) {
            return bridgeIp(b, p, unknowns);
        }
        if (m instanceof AmongMatch a) {
            unknowns.add("among-" + (a.direction() == Direction.SOURCE ? "src" : "dst") + ": MAC addresses are not known");
            return Tri.UNKNOWN;
        }
        if (m instanceof UnknownMatch u) {
            unknowns.add("module " + u.module() + " is not modelled");
            return Tri.UNKNOWN;
        }
        unknowns.add("match " + m.module() + " is not modelled");
        return Tri.UNKNOWN;
    }

    private static String ifaceFor(InterfaceMatch.Kind kind, MatchContext c) {
        Packet p = c.packet();
        switch (kind) {
            case IN:
                // ebtables -i is the bridge port; iptables -i is the bridge for a bridged frame
                return c.bridgeFamily() && p.physIn() != null ? p.physIn() : p.in();
            case OUT:
                return c.bridgeFamily() && p.physOut() != null ? p.physOut() : p.out();
            case LOGICAL_IN:
                return p.in();
            default:
                return p.out();
        }
    }

    private static Tri ports(Neg<PortRange> r, int port) {
        if (r == null) {
            return Tri.TRUE;
        }
        return Tri.of(port >= 0 && r.value().contains(port)).negate(r.negated());
    }

    private static boolean stateIn(Set<CtState> states, MatchContext c) {
        CtState s = c.packet().ctState();
        if (s == null) {
            return false;
        }
        if (states.contains(s)) {
            return true;
        }
        ConntrackEntry ct = c.ct();
        return ct != null && ((states.contains(CtState.DNAT) && ct.dnat()) || (states.contains(CtState.SNAT) && ct.snat()));
    }

    private static Tri conntrack(ConntrackMatch m, MatchContext c, List<String> unknowns) {
        Tri r = Tri.TRUE;
        if (m.state() != null) {
            r = r.and(Tri.of(stateIn(m.state().value(), c)).negate(m.state().negated()));
        }
        ConntrackEntry ct = c.ct();
        boolean tracked = ct != null;
        if (m.proto() != null) {
            r = r.and(Tri.of(tracked && ct.original().proto() == m.proto().value()).negate(m.proto().negated()));
        }
        r = r.and(net(m.origSrc(), tracked ? ct.original().src() : null));
        r = r.and(net(m.origDst(), tracked ? ct.original().dst() : null));
        r = r.and(net(m.replSrc(), tracked ? ct.reply().src() : null));
        r = r.and(net(m.replDst(), tracked ? ct.reply().dst() : null));
        r = r.and(port(m.origSrcPort(), tracked ? ct.original().sport() : -1));
        r = r.and(port(m.origDstPort(), tracked ? ct.original().dport() : -1));
        r = r.and(port(m.replSrcPort(), tracked ? ct.reply().sport() : -1));
        r = r.and(port(m.replDstPort(), tracked ? ct.reply().dport() : -1));
        if (!m.unmodelled().isEmpty() && r != Tri.FALSE) {
            unknowns.add("conntrack " + m.unmodelled() + " is not modelled");
            r = r.and(Tri.UNKNOWN);
        }
        return r;
    }

    private static Tri net(Neg<IpNet> n, Ip ip) {
        if (n == null) {
            return Tri.TRUE;
        }
        return Tri.of(ip != null && n.value().contains(ip)).negate(n.negated());
    }

    private static Tri port(Neg<PortRange> r, int port) {
        return ports(r, port);
    }

    /** xt_physdev: without bridge information every option fails (so a negated one matches). */
    private static Tri physdev(PhysdevMatch pd, MatchContext c) {
        Packet p = c.packet();
        boolean info = c.bridgeInfo();
        String in = info ? p.physIn() : null;
        String out = info ? p.physOut() : null;
        Tri r = Tri.TRUE;
        if (pd.in() != null) {
            r = r.and(Tri.of(in != null && wildcard(pd.in().value(), in)).negate(pd.in().negated()));
        }
        if (pd.out() != null) {
            r = r.and(Tri.of(out != null && wildcard(pd.out().value(), out)).negate(pd.out().negated()));
        }
        if (pd.isIn() != null) {
            r = r.and(Tri.of(in != null).negate(pd.isIn().negated()));
        }
        if (pd.isOut() != null) {
            r = r.and(Tri.of(out != null).negate(pd.isOut().negated()));
        }
        if (pd.isBridged() != null) {
            r = r.and(Tri.of(out != null).negate(pd.isBridged().negated()));
        }
        return r;
    }

    static boolean wildcard(String pattern, String name) {
        return pattern.endsWith("+") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern);
    }

    private static Tri bridgeIp(BridgeIpMatch b, Packet p, List<String> unknowns) {
        if (b.v6() != p.v6()) {
            return Tri.FALSE;
        }
        Tri r = net(b.src(), p.src()).and(net(b.dst(), p.dst()));
        if (b.proto() != null) {
            r = r.and(Tri.of(b.proto().value() == p.proto()).negate(b.proto().negated()));
        }
        if (b.sport() != null) {
            r = r.and(Tri.of(p.hasPorts() && b.sport().value().contains(p.sport())).negate(b.sport().negated()));
        }
        if (b.dport() != null) {
            r = r.and(Tri.of(p.hasPorts() && b.dport().value().contains(p.dport())).negate(b.dport().negated()));
        }
        if (!b.unmodelled().isEmpty() && r != Tri.FALSE) {
            unknowns.add("ebtables " + b.unmodelled() + " is not modelled");
            r = r.and(Tri.UNKNOWN);
        }
        return r;
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

    private static boolean macMatches(String mac, String mask, String have) {
        if (mask == null) {
            return mac.equalsIgnoreCase(have);
        }
        String[] a = mac.split(":");
        String[] m = mask.split(":");
        String[] h = have.split(":");
        for (int i = 0; i < 6; i++) {
            int mm = Integer.parseInt(m[i], 16);
            if ((Integer.parseInt(a[i], 16) & mm) != (Integer.parseInt(h[i], 16) & mm)) {
                return false;
            }
        }
        return true;
    }
}
