package io.nflint.lower;

import io.nflint.ir.AddrType;
import io.nflint.ir.CtState;
import io.nflint.ir.Direction;
import io.nflint.ir.IpNet;
import io.nflint.ir.MarkValue;
import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.match.AddressMatch;
import io.nflint.ir.match.AddrtypeMatch;
import io.nflint.ir.match.AmongMatch;
import io.nflint.ir.match.BridgeIpMatch;
import io.nflint.ir.match.CommentMatch;
import io.nflint.ir.match.ConnmarkMatch;
import io.nflint.ir.match.ConntrackMatch;
import io.nflint.ir.match.DccpMatch;
import io.nflint.ir.match.EtherTypeMatch;
import io.nflint.ir.match.FragmentMatch;
import io.nflint.ir.match.HopLimitMatch;
import io.nflint.ir.match.IcmpMatch;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.Ip6ExtHeaderMatch;
import io.nflint.ir.match.Ip6HeaderChainMatch;
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
import io.nflint.lower.Pred.All;
import io.nflint.lower.Pred.Any;
import io.nflint.lower.Pred.Const;
import io.nflint.lower.Pred.Implied;
import io.nflint.lower.Pred.Opaque;
import io.nflint.lower.Pred.Present;
import io.nflint.lower.Pred.Test;
import io.nflint.lower.Values.Interval;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Each match module's meaning, in one place: the kernel's match function written as a predicate over
 * {@link Field}s, with its {@link Capabilities}. Both engines read only this. Where a conjunct's order
 * matters it is the kernel's (and the walker stops at the first false one).
 */
public final class MatchLowering implements Match.Visitor<Lowered> {

    private static final MatchLowering INSTANCE = new MatchLowering();
    private static final int DCCP = 33;

    private MatchLowering() {
    }

    public static Lowered lower(Match m) {
        return m.accept(INSTANCE);
    }

    @Override
    public Lowered visitAddressMatch(AddressMatch m) {
        Field f = m.direction() == Direction.SOURCE ? Field.IP_SADDR : Field.IP_DADDR;
        return new Lowered(m, Pred.not(new Test(f, new Values.Nets(m.nets())), m.negated()), Capabilities.HEADER);
    }

    @Override
    public Lowered visitInterfaceMatch(InterfaceMatch m) {
        Field f = switch (m.kind()) {
            case IN -> Field.IIFNAME;
            case OUT -> Field.OIFNAME;
            case LOGICAL_IN -> Field.IBRNAME;
            case LOGICAL_OUT -> Field.OBRNAME;
        };
        return new Lowered(m, Pred.not(new Test(f, new Values.Name(m.name())), m.negated()), Capabilities.HEADER);
    }

    @Override
    public Lowered visitProtocolMatch(ProtocolMatch m) {
        Pred is = m.protocol() == 0 ? Const.TRUE : new Test(Field.L4PROTO, Interval.of(m.protocol()));
        return new Lowered(m, Pred.not(is, m.negated()), Capabilities.HEADER);
    }

    @Override
    public Lowered visitFragmentMatch(FragmentMatch m) {
        return new Lowered(m, Pred.not(new Present(Field.IP_FRAGMENT), m.negated()), Capabilities.HEADER);
    }

    @Override
    public Lowered visitTcpMatch(TcpMatch m) {
        List<Pred> all = new ArrayList<>();
        all.add(new Implied(proto(ProtocolMatch.TCP)));
        ports(all, m.sport(), m.dport());
        if (m.flags() != null) {
            TcpMatch.TcpFlags f = m.flags().value();
            all.add(neg(new Test(Field.TCP_FLAGS, new Values.Masked(f.comp(), f.mask())), m.flags()));
        }
        if (m.option() != null) {
            all.add(new Opaque("--tcp-option " + m.option().value(), "--tcp-option " + m.option().value() + " is not modelled"));
        }
        return new Lowered(m, new All(all), Capabilities.HEADER);
    }

    @Override
    public Lowered visitUdpMatch(UdpMatch m) {
        List<Pred> all = new ArrayList<>();
        // xt_udp also serves udplite (136)
        all.add(new Implied(new Any(List.of(proto(ProtocolMatch.UDP), proto(136)))));
        ports(all, m.sport(), m.dport());
        return new Lowered(m, new All(all), Capabilities.HEADER);
    }

    @Override
    public Lowered visitSctpMatch(SctpMatch m) {
        // not header-only: the symbolic engine re-encodes it per use (kept from before the lowering)
        return new Lowered(m, transport(ProtocolMatch.SCTP, "sctp", m.sport(), m.dport(), m.unmodelled()), Capabilities.CONTEXT);
    }

    /** xt_dccp: like sctp, the ports are the transport header's; types and options are not in the packet model. */
    @Override
    public Lowered visitDccpMatch(DccpMatch m) {
        return new Lowered(m, transport(DCCP, "dccp", m.sport(), m.dport(), m.unmodelled()), Capabilities.HEADER);
    }

    /** A port match of a protocol the kernel requires by {@code -p}, with the options kept verbatim as "may". */
    private static Pred transport(int protocol, String module, Neg<PortRange> sport, Neg<PortRange> dport,
                                  List<io.nflint.ir.RawOption> unmodelled) {
        List<Pred> all = new ArrayList<>();
        all.add(new Implied(proto(protocol)));
        ports(all, sport, dport);
        if (!unmodelled.isEmpty()) {
            all.add(new Opaque(module + " " + unmodelled, module + " " + unmodelled + " is not modelled"));
        }
        return new All(all);
    }

    @Override
    public Lowered visitIcmpMatch(IcmpMatch m) {
        Pred proto = proto(m.v6() ? ProtocolMatch.ICMPV6 : ProtocolMatch.ICMP);
        Field type = m.v6() ? Field.ICMPV6_TYPE : Field.ICMP_TYPE;
        Field code = m.v6() ? Field.ICMPV6_CODE : Field.ICMP_CODE;
        Pred t = m.type() < 0 ? new Present(type)
                : new All(List.of(new Test(type, Interval.of(m.type())), new Test(code, new Interval(m.codeLo(), m.codeHi()))));
        Pred is = new All(List.of(proto, t));
        // the inverted match still needs the protocol (icmp_match checks it before the type)
        return new Lowered(m, m.negated() ? new All(List.of(proto, new Pred.Not(is))) : is, Capabilities.HEADER);
    }

    @Override
    public Lowered visitMultiportMatch(MultiportMatch m) {
        List<Pred> any = new ArrayList<>();
        for (PortRange r : m.ports()) {
            Interval v = new Interval(r.lo(), r.hi());
            if (m.which() != MultiportMatch.Which.DESTINATION) {
                any.add(new Test(Field.TH_SPORT, v));
            }
            if (m.which() != MultiportMatch.Which.SOURCE) {
                any.add(new Test(Field.TH_DPORT, v));
            }
        }
        // xt_multiport needs a protocol with ports; a packet without them never matches, inverted or not
        Pred p = new All(List.of(new Implied(new Present(Field.TH_DPORT)), Pred.not(new Any(any), m.negated())));
        return new Lowered(m, p, Capabilities.HEADER);
    }

    @Override
    public Lowered visitConntrackMatch(ConntrackMatch m) {
        List<Pred> all = new ArrayList<>();
        if (m.state() != null) {
            all.add(neg(ctStates(m.state().value()), m.state()));
        }
        if (m.proto() != null) {
            all.add(neg(new Test(Field.CT_PROTO, Interval.of(m.proto().value())), m.proto()));
        }
        net(all, Field.CT_ORIGINAL_SADDR, m.origSrc());
        net(all, Field.CT_ORIGINAL_DADDR, m.origDst());
        net(all, Field.CT_REPLY_SADDR, m.replSrc());
        net(all, Field.CT_REPLY_DADDR, m.replDst());
        port(all, Field.CT_ORIGINAL_SPORT, m.origSrcPort());
        port(all, Field.CT_ORIGINAL_DPORT, m.origDstPort());
        port(all, Field.CT_REPLY_SPORT, m.replSrcPort());
        port(all, Field.CT_REPLY_DPORT, m.replDstPort());
        List<io.nflint.ir.RawOption> unmodelled = new ArrayList<>();
        for (io.nflint.ir.RawOption o : m.unmodelled()) {
            if (o.name().equals("--ctdir")) {
                all.add(ctDirection(o, m.state() != null));
            } else {
                unmodelled.add(o);
            }
        }
        if (!unmodelled.isEmpty()) {
            all.add(new Opaque("conntrack " + unmodelled, "conntrack " + unmodelled + " is not modelled"));
        }
        return new Lowered(m, new All(all), Capabilities.STATE);
    }

    /**
     * xt_conntrack's {@code --ctdir}: the packet's direction in its connection. A packet without a
     * connection (INVALID, UNTRACKED) ends the match before the direction is read: it matches then
     * exactly when the rule also tested {@code --ctstate} (which that packet passed).
     */
    private static Pred ctDirection(io.nflint.ir.RawOption o, boolean withState) {
        String dir = o.values().get(0).toUpperCase(java.util.Locale.ROOT);
        return new Pred.IfAbsent(Field.CT_DIRECTION, withState, new Test(Field.CT_DIRECTION, new Values.Symbols(Set.of(dir))));
    }

    /** xt_hl / xt_ttl: one comparison of the header's hop counter. */
    @Override
    public Lowered visitHopLimitMatch(HopLimitMatch m) {
        int v = m.value();
        Pred p = switch (m.op()) {
            case EQ -> new Test(Field.IP_TTL, Interval.of(v));
            case NE -> new Pred.Not(new Test(Field.IP_TTL, Interval.of(v)));
            case LT -> v == 0 ? Const.FALSE : new Test(Field.IP_TTL, new Interval(0, v - 1));
            case GT -> v == 255 ? Const.FALSE : new Test(Field.IP_TTL, new Interval(v + 1, 255));
        };
        return new Lowered(m, p, Capabilities.HEADER);
    }

    /** ip6t_frag / ip6t_rt: no such header, no match (negations included); its contents are not modelled. */
    @Override
    public Lowered visitIp6ExtHeaderMatch(Ip6ExtHeaderMatch m) {
        Field f = m.header() == Ip6ExtHeaderMatch.Header.FRAGMENT ? Field.IP6_FRAG_HEADER : Field.IP6_ROUTING_HEADER;
        List<Pred> all = new ArrayList<>();
        all.add(new Present(f));
        if (!m.options().isEmpty()) {
            all.add(new Opaque(m.module() + " " + m.options(), m.module() + " " + m.options() + ": the header's contents are not modelled"));
        }
        return new Lowered(m, new All(all), Capabilities.HEADER);
    }

    /** ip6t_ipv6header: the chain's bit set equals the list, or (--soft) contains / avoids every listed header. */
    @Override
    public Lowered visitIp6HeaderChainMatch(Ip6HeaderChainMatch m) {
        int h = m.headers();
        Pred p = m.soft() ? new Test(Field.IP6_HEADER_CHAIN, new Values.Masked(m.negated() ? 0 : h, h))
                : Pred.not(new Test(Field.IP6_HEADER_CHAIN, Interval.of(h)), m.negated());
        return new Lowered(m, p, Capabilities.HEADER);
    }

    @Override
    public Lowered visitStateMatch(StateMatch m) {
        return new Lowered(m, Pred.not(ctStates(m.states()), m.negated()), Capabilities.STATE);
    }

    @Override
    public Lowered visitAddrtypeMatch(AddrtypeMatch m) {
        List<Pred> all = new ArrayList<>();
        Field src = m.limitIfaceIn() ? Field.FIB_SADDR_IIF_TYPE : m.limitIfaceOut() ? Field.FIB_SADDR_OIF_TYPE : Field.FIB_SADDR_TYPE;
        Field dst = m.limitIfaceIn() ? Field.FIB_DADDR_IIF_TYPE : m.limitIfaceOut() ? Field.FIB_DADDR_OIF_TYPE : Field.FIB_DADDR_TYPE;
        addrTypes(all, src, m.src());
        addrTypes(all, dst, m.dst());
        return new Lowered(m, new All(all), Capabilities.CONTEXT);
    }

    @Override
    public Lowered visitMarkMatch(MarkMatch m) {
        return new Lowered(m, Pred.not(new Test(Field.META_MARK, masked(m.mark())), m.negated()), Capabilities.STATE);
    }

    @Override
    public Lowered visitConnmarkMatch(ConnmarkMatch m) {
        return new Lowered(m, Pred.not(new Test(Field.CT_MARK, masked(m.mark())), m.negated()), Capabilities.STATE);
    }

    @Override
    public Lowered visitCommentMatch(CommentMatch m) {
        return new Lowered(m, Const.TRUE, Capabilities.HEADER, m.text(), List.of());
    }

    /** xt_physdev: without bridge information every option fails, so a negated one matches. */
    @Override
    public Lowered visitPhysdevMatch(PhysdevMatch m) {
        List<Pred> all = new ArrayList<>();
        if (m.in() != null) {
            all.add(neg(new Test(Field.PHYSDEV_IN, new Values.Name(m.in().value())), m.in()));
        }
        if (m.out() != null) {
            all.add(neg(new Test(Field.PHYSDEV_OUT, new Values.Name(m.out().value())), m.out()));
        }
        if (m.isIn() != null) {
            all.add(neg(new Present(Field.PHYSDEV_IN), m.isIn()));
        }
        if (m.isOut() != null) {
            all.add(neg(new Present(Field.PHYSDEV_OUT), m.isOut()));
        }
        if (m.isBridged() != null) {
            all.add(neg(new Present(Field.PHYSDEV_OUT), m.isBridged()));
        }
        return new Lowered(m, new All(all), Capabilities.CONTEXT);
    }

    @Override
    public Lowered visitIprangeMatch(IprangeMatch m) {
        List<Pred> all = new ArrayList<>();
        if (m.src() != null) {
            all.add(neg(new Test(Field.IP_SADDR, new Values.Addresses(m.src().value())), m.src()));
        }
        if (m.dst() != null) {
            all.add(neg(new Test(Field.IP_DADDR, new Values.Addresses(m.dst().value())), m.dst()));
        }
        return new Lowered(m, new All(all), Capabilities.HEADER);
    }

    @Override
    public Lowered visitMacMatch(MacMatch m) {
        Field f = m.direction() == Direction.SOURCE ? Field.ETHER_SADDR : Field.ETHER_DADDR;
        return new Lowered(m, Pred.not(new Test(f, new Values.Mac(m.mac(), m.mask())), m.negated()), Capabilities.CONTEXT);
    }

    @Override
    public Lowered visitSetMatch(SetMatch m) {
        return new Lowered(m, new Pred.SetLookup(m.setName(), m.flags(), m.negated(), m.unmodelled()), Capabilities.CONTEXT);
    }

    /** xt_statistic: a random or nth choice, except where it cannot go either way. */
    @Override
    public Lowered visitStatisticMatch(StatisticMatch m) {
        boolean random = m.mode() == StatisticMatch.Mode.RANDOM;
        if (random && (m.probability() >= 1.0 || m.probability() <= 0.0)) {
            return new Lowered(m, new Const((m.probability() >= 1.0) != m.negated()), Capabilities.RANDOM);
        }
        if (!random && m.every() <= 1) {
            return new Lowered(m, new Const(!m.negated()), Capabilities.OWN_STATE);
        }
        String what = random ? "statistic --probability " + m.probability() : "statistic --every " + m.every();
        return new Lowered(m, new Opaque(what, what), random ? Capabilities.RANDOM : Capabilities.OWN_STATE);
    }

    @Override
    public Lowered visitLimitMatch(LimitMatch m) {
        return new Lowered(m, new Opaque("limit " + m.rate(), "limit " + m.rate() + " depends on the packet rate"),
                Capabilities.OWN_STATE);
    }

    @Override
    public Lowered visitRecentMatch(RecentMatch m) {
        if (m.mode().equals("set")) {
            // xt_recent: --set adds (or refreshes) the source and returns !invert, whatever the list holds
            return new Lowered(m, new Const(!m.negated()), Capabilities.SHARED_STATE);
        }
        // --rcheck only reads the list; --update and --remove change it for the rules after
        return new Lowered(m, new Opaque("recent --" + m.mode(), "recent --" + m.mode() + " depends on earlier packets"),
                m.mode().equals("rcheck") ? Capabilities.OWN_STATE : Capabilities.SHARED_STATE);
    }

    /** xt_owner: no local socket, so the match fails unless every option is negated. */
    @Override
    public Lowered visitOwnerMatch(OwnerMatch m) {
        boolean allNegated = !m.options().isEmpty() && m.options().stream().allMatch(x -> x.negated());
        Opaque who = new Opaque("owner " + m.options(), "owner " + m.options() + ": which process sends is not known");
        return new Lowered(m, new Pred.IfAbsent(Field.SOCKET, allNegated, who), Capabilities.CONTEXT);
    }

    @Override
    public Lowered visitPkttypeMatch(PkttypeMatch m) {
        Pred p = Pred.not(new Test(Field.PKTTYPE, new Values.Symbols(Set.of(m.type()))), m.negated());
        return new Lowered(m, p, Capabilities.CONTEXT);
    }

    @Override
    public Lowered visitEtherTypeMatch(EtherTypeMatch m) {
        return new Lowered(m, Pred.not(new Test(Field.ETHER_TYPE, Interval.of(m.etherType())), m.negated()),
                Capabilities.CONTEXT);
    }

    /** ebtables --ip-* / --ip6-*: only on frames of that protocol; ports only for protocols that have them. */
    @Override
    public Lowered visitBridgeIpMatch(BridgeIpMatch m) {
        List<Pred> all = new ArrayList<>();
        all.add(new Test(Field.ETHER_TYPE, Interval.of(m.v6() ? 0x86dd : 0x0800)));
        net(all, Field.IP_SADDR, m.src());
        net(all, Field.IP_DADDR, m.dst());
        if (m.proto() != null) {
            all.add(neg(proto(m.proto().value()), m.proto()));
        }
        if (m.sport() != null) {
            all.add(neg(withPorts(Field.TH_SPORT, m.sport().value()), m.sport()));
        }
        if (m.dport() != null) {
            all.add(neg(withPorts(Field.TH_DPORT, m.dport().value()), m.dport()));
        }
        if (!m.unmodelled().isEmpty()) {
            all.add(new Opaque("ebtables " + m.unmodelled(), "ebtables " + m.unmodelled() + " is not modelled"));
        }
        return new Lowered(m, new All(all), Capabilities.CONTEXT);
    }

    @Override
    public Lowered visitAmongMatch(AmongMatch m) {
        String side = "among-" + (m.direction() == Direction.SOURCE ? "src" : "dst");
        return new Lowered(m, new Opaque(side, side + ": MAC addresses are not known"), Capabilities.CONTEXT);
    }

    @Override
    public Lowered visitUnknownMatch(UnknownMatch m) {
        return new Lowered(m, new Opaque("-m " + m.module() + " " + m.options(), "module " + m.module() + " is not modelled"),
                Capabilities.UNKNOWN_MODULE, null, m.options());
    }

    // ---- shared shapes -----------------------------------------------------------------------

    private static Pred proto(int p) {
        return new Test(Field.L4PROTO, Interval.of(p));
    }

    private static Pred neg(Pred p, Neg<?> option) {
        Pred at = p instanceof Test t ? new Test(t.field(), t.values(), option.span()) : p;
        return Pred.not(at, option.negated());
    }

    private static void ports(List<Pred> all, Neg<PortRange> sport, Neg<PortRange> dport) {
        port(all, Field.TH_SPORT, sport);
        port(all, Field.TH_DPORT, dport);
    }

    private static void port(List<Pred> all, Field f, Neg<PortRange> r) {
        if (r != null) {
            all.add(neg(new Test(f, new Interval(r.value().lo(), r.value().hi())), r));
        }
    }

    private static void net(List<Pred> all, Field f, Neg<IpNet> n) {
        if (n != null) {
            all.add(neg(new Test(f, new Values.Nets(List.of(n.value()))), n));
        }
    }

    /** A port test that also says the packet has ports (ebtables does not require a protocol). */
    private static Pred withPorts(Field f, PortRange r) {
        return new All(List.of(new Present(f), new Test(f, new Interval(r.lo(), r.hi()))));
    }

    private static Values.Masked masked(MarkValue v) {
        return new Values.Masked(v.value(), v.mask());
    }

    private static void addrTypes(List<Pred> all, Field f, Neg<Set<AddrType>> types) {
        if (types != null) {
            Set<String> names = new LinkedHashSet<>();
            types.value().forEach(t -> names.add(t.name()));
            all.add(neg(new Test(f, new Values.Symbols(names)), types));
        }
    }

    /**
     * {@code --ctstate}: SNAT and DNAT are not states but the connection's NAT status bits
     * (xt_conntrack tests them with IPS_SRC_NAT/IPS_DST_NAT); the set's own order is kept.
     */
    private static Pred ctStates(Set<CtState> states) {
        Set<String> plain = new LinkedHashSet<>();
        Set<String> status = new LinkedHashSet<>();
        for (CtState s : states) {
            (s == CtState.SNAT || s == CtState.DNAT ? status : plain).add(s.name());
        }
        List<Pred> any = new ArrayList<>();
        if (!plain.isEmpty() || status.isEmpty()) {
            any.add(new Test(Field.CT_STATE, new Values.Symbols(plain)));
        }
        if (!status.isEmpty()) {
            any.add(new Test(Field.CT_STATUS, new Values.Symbols(status)));
        }
        return any.size() == 1 ? any.get(0) : new Any(any);
    }
}
