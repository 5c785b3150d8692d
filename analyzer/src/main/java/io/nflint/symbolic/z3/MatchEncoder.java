package io.nflint.symbolic.z3;

import com.microsoft.z3.BitVecExpr;
import com.microsoft.z3.BoolExpr;
import io.nflint.ir.AddrType;
import io.nflint.ir.CtState;
import io.nflint.ir.IpNet;
import io.nflint.ir.MarkValue;
import io.nflint.ir.Neg;
import io.nflint.ir.PortRange;
import io.nflint.ir.Rule;
import io.nflint.ir.match.AddressMatch;
import io.nflint.ir.match.AddrtypeMatch;
import io.nflint.ir.match.BridgeIpMatch;
import io.nflint.ir.match.EtherTypeMatch;
import io.nflint.ir.match.PhysdevMatch;
import io.nflint.ir.match.CommentMatch;
import io.nflint.ir.match.ConnmarkMatch;
import io.nflint.ir.match.ConntrackMatch;
import io.nflint.ir.match.FragmentMatch;
import io.nflint.ir.match.IcmpMatch;
import io.nflint.ir.match.InterfaceMatch;
import io.nflint.ir.match.IprangeMatch;
import io.nflint.ir.match.MarkMatch;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.MultiportMatch;
import io.nflint.ir.match.ProtocolMatch;
import io.nflint.ir.match.SctpMatch;
import io.nflint.ir.match.StateMatch;
import io.nflint.ir.match.TcpMatch;
import io.nflint.ir.match.UdpMatch;

import java.util.List;
import java.util.Set;

/**
 * A rule's matches as one formula over the state at the rule. Every modelled module is exact; the
 * rest (statistic, limit, recent, owner, sets without contents, unknown modules, MAC addresses,
 * physdev off the bridged path, the conntrack tuple options) is a fresh boolean per evaluation: a "may" query lets it be true,
 * a "must" query lets it be false, so no answer claims more than the dump proves.
 */
final class MatchEncoder {

    private final Encoding enc;

    MatchEncoder(Encoding enc) {
        this.enc = enc;
    }

    /** The rule's match; {@code unknownName} gives each undecidable match occurrence its variable name. */
    BoolExpr encode(Rule rule, WalkState st, java.util.function.IntFunction<String> unknownName) {
        BoolExpr all = enc.ctx.mkTrue();
        List<Match> ms = rule.matches();
        for (int i = 0; i < ms.size(); i++) {
            Match m = ms.get(i);
            BoolExpr one = match(m, st);
            if (one == null) {
                String module = m.module().isEmpty() ? "match" : m.module();
                one = enc.unknown(unknownName.apply(i), "-m " + module + " at line " + m.span().line());
                if (m instanceof PhysdevMatch pd) {
                    one = physdevOffBridge(pd, st.header(), one);
                }
            }
            all = enc.and(all, one);
            if (all.isFalse()) {
                break;
            }
        }
        return all;
    }

    /** Whether the match depends on marks or conntrack state (so cannot be cached per header). */
    static boolean readsState(Match m) {
        return m instanceof MarkMatch || m instanceof ConnmarkMatch || m instanceof StateMatch
                || m instanceof ConntrackMatch;
    }

    /** The exact formula, or null when the match is not modelled. */
    private BoolExpr match(Match m, WalkState st) {
        Header h = st.header();
        if (m instanceof CommentMatch) {
            return enc.ctx.mkTrue();
        }
        if (m instanceof io.nflint.ir.match.RecentMatch r && r.mode().equals("set")) {
            // xt_recent: --set records the source and matches (!invert) whatever the list holds; the
            // walker's MatchEval says the same
            return r.negated() ? enc.ctx.mkFalse() : enc.ctx.mkTrue();
        }
        if (m instanceof AddressMatch a) {
            BitVecExpr field = a.direction() == io.nflint.ir.Direction.SOURCE ? h.src() : h.dst();
            BoolExpr any = enc.ctx.mkFalse();
            for (IpNet n : a.nets()) {
                if (n.v6() != enc.v6) {
                    continue;
                }
                any = enc.or(any, net(field, n));
            }
            return a.negated() ? enc.not(any) : any;
        }
        if (m instanceof InterfaceMatch i) {
            BoolExpr any;
            if (enc.bridgeFamily) {
                // ebtables: -i/-o are the bridge ports, --logical-in/out the bridge
                switch (i.kind()) {
                    case IN: any = iface(enc.input.inIf(), i.name()); break;
                    case OUT: any = enc.and(outKnown(h), iface(enc.physOut, i.name())); break;
                    case LOGICAL_IN: any = iface(h.inIf(), i.name()); break;
                    default: any = iface(h.outIf(), i.name());
                }
            } else {
                switch (i.kind()) {
                    case IN: any = iface(h.inIf(), i.name()); break;
                    case OUT: any = iface(h.outIf(), i.name()); break;
                    default: return null;
                }
            }
            return i.negated() ? enc.not(any) : any;
        }
        if (m instanceof PhysdevMatch pd) {
            // off the bridged path: encode() narrows the unknown to what it can be
            return enc.bridgedPath ? physdev(pd, h) : null;
        }
        if (m instanceof EtherTypeMatch e) {
            // the frames compared are IP packets of the encoding's family
            boolean is = e.etherType() == (enc.v6 ? 0x86dd : 0x0800);
            return is != e.negated() ? enc.ctx.mkTrue() : enc.ctx.mkFalse();
        }
        if (m instanceof BridgeIpMatch b) {
            return bridgeIp(b, h);
        }
        if (m instanceof ProtocolMatch p) {
            BoolExpr is = p.protocol() == 0 ? enc.ctx.mkTrue() : enc.ctx.mkEq(h.proto(), enc.num(p.protocol(), 8));
            return p.negated() ? enc.not(is) : is;
        }
        if (m instanceof FragmentMatch f) {
            return f.negated() ? enc.not(h.fragment()) : h.fragment();
        }
        if (m instanceof TcpMatch t) {
            if (t.option() != null) {
                return null;
            }
            BoolExpr c = enc.and(port(h.sport(), t.sport()), port(h.dport(), t.dport()));
            if (t.flags() != null) {
                TcpMatch.TcpFlags f = t.flags().value();
                BoolExpr is = enc.ctx.mkEq(enc.ctx.mkBVAND(h.tcpFlags(), enc.num(f.mask(), 8)), enc.num(f.comp(), 8));
                c = enc.and(c, t.flags().negated() ? enc.not(is) : is);
            }
            return c;
        }
        if (m instanceof UdpMatch u) {
            return enc.and(port(h.sport(), u.sport()), port(h.dport(), u.dport()));
        }
        if (m instanceof SctpMatch s) {
            return s.unmodelled().isEmpty() ? enc.and(port(h.sport(), s.sport()), port(h.dport(), s.dport())) : null;
        }
        if (m instanceof MultiportMatch mp) {
            BoolExpr any = enc.ctx.mkFalse();
            for (PortRange r : mp.ports()) {
                if (mp.which() != MultiportMatch.Which.DESTINATION) {
                    any = enc.or(any, enc.inRange(h.sport(), r.lo(), r.hi()));
                }
                if (mp.which() != MultiportMatch.Which.SOURCE) {
                    any = enc.or(any, enc.inRange(h.dport(), r.lo(), r.hi()));
                }
            }
            return mp.negated() ? enc.not(any) : any;
        }
        if (m instanceof IcmpMatch ic) {
            if (ic.v6() != enc.v6) {
                return null;
            }
            BoolExpr is = ic.type() < 0 ? enc.ctx.mkTrue()
                    : enc.and(enc.ctx.mkEq(h.icmpType(), enc.num(ic.type(), 8)), enc.inRange(h.icmpCode(), ic.codeLo(), ic.codeHi()));
            is = enc.and(enc.ctx.mkEq(h.proto(), enc.num(ic.v6() ? 58 : 1, 8)), is);
            return ic.negated() ? enc.and(enc.ctx.mkEq(h.proto(), enc.num(ic.v6() ? 58 : 1, 8)), enc.not(is)) : is;
        }
        if (m instanceof IprangeMatch r) {
            BoolExpr c = enc.ctx.mkTrue();
            if (r.src() != null) {
                BoolExpr in = enc.inRange(h.src(), r.src().value().from(), r.src().value().to());
                c = enc.and(c, r.src().negated() ? enc.not(in) : in);
            }
            if (r.dst() != null) {
                BoolExpr in = enc.inRange(h.dst(), r.dst().value().from(), r.dst().value().to());
                c = enc.and(c, r.dst().negated() ? enc.not(in) : in);
            }
            return c;
        }
        if (m instanceof StateMatch s) {
            BoolExpr in = ctIn(st, s.states());
            return in == null ? null : s.negated() ? enc.not(in) : in;
        }
        if (m instanceof ConntrackMatch c) {
            return conntrack(c, st);
        }
        if (m instanceof MarkMatch mm) {
            BoolExpr is = mark(st.mark(), mm.mark());
            return mm.negated() ? enc.not(is) : is;
        }
        if (m instanceof ConnmarkMatch cm) {
            BoolExpr is = mark(st.connmark(), cm.mark());
            return cm.negated() ? enc.not(is) : is;
        }
        if (m instanceof AddrtypeMatch at) {
            if (at.limitIfaceIn() || at.limitIfaceOut()) {
                return null;
            }
            BoolExpr c = enc.ctx.mkTrue();
            for (int side = 0; side < 2; side++) {
                Neg<Set<AddrType>> types = side == 0 ? at.src() : at.dst();
                if (types == null) {
                    continue;
                }
                BoolExpr any = enc.ctx.mkFalse();
                for (AddrType t : types.value()) {
                    BoolExpr one = addrType(side == 0 ? h.src() : h.dst(), t);
                    if (one == null) {
                        return null;
                    }
                    any = enc.or(any, one);
                }
                c = enc.and(c, types.negated() ? enc.not(any) : any);
            }
            return c;
        }
        return null;
    }

    private BoolExpr iface(BitVecExpr field, String pattern) {
        BoolExpr any = enc.ctx.mkFalse();
        for (int id : enc.ifaces.matching(pattern)) {
            any = enc.or(any, enc.ctx.mkEq(field, enc.num(id, field.getSortSize())));
        }
        return any;
    }

    /** The out port is known once the bridge decided (the header then has an out interface). */
    private BoolExpr outKnown(Header h) {
        return enc.not(enc.ctx.mkEq(h.outIf(), enc.num(Interfaces.NONE, h.outIf().getSortSize())));
    }

    /** xt_physdev on a bridged frame: the in port always, the out port after the bridge decision. */
    private BoolExpr physdev(PhysdevMatch pd, Header h) {
        BitVecExpr none = enc.num(Interfaces.NONE, enc.ifaces.bits());
        BoolExpr hasIn = enc.not(enc.ctx.mkEq(enc.input.inIf(), none));
        BoolExpr hasOut = enc.and(outKnown(h), enc.not(enc.ctx.mkEq(enc.physOut, none)));
        BoolExpr c = enc.ctx.mkTrue();
        if (pd.in() != null) {
            c = enc.and(c, neg(enc.and(hasIn, iface(enc.input.inIf(), pd.in().value())), pd.in().negated()));
        }
        if (pd.out() != null) {
            c = enc.and(c, neg(enc.and(hasOut, iface(enc.physOut, pd.out().value())), pd.out().negated()));
        }
        if (pd.isIn() != null) {
            c = enc.and(c, neg(hasIn, pd.isIn().negated()));
        }
        if (pd.isOut() != null) {
            c = enc.and(c, neg(hasOut, pd.isOut().negated()));
        }
        if (pd.isBridged() != null) {
            c = enc.and(c, neg(hasOut, pd.isBridged().negated()));
        }
        return c;
    }

    /**
     * xt_physdev on a routed or local packet: never bridged, so no out port (the bridge runs after
     * POSTROUTING); an in port only when it arrived on a bridge through br_netfilter, which only a
     * host model can rule out. {@code unknown} stands for the in port's options where it may exist.
     */
    private BoolExpr physdevOffBridge(PhysdevMatch pd, Header h, BoolExpr unknown) {
        boolean outOption = pd.out() != null || pd.isOut() != null || pd.isBridged() != null;
        BoolExpr inPart = unknown;
        if (pd.in() == null && pd.isIn() == null) {
            inPart = enc.ctx.mkTrue();
        } else if (enc.host != null) {
            BoolExpr onBridge = enc.ctx.mkFalse();
            if (enc.host.bridgeNfCall()) {
                for (String b : enc.host.bridges().keySet()) {
                    onBridge = enc.or(onBridge, enc.ctx.mkEq(h.inIf(), enc.num(enc.ifaces.id(b), enc.ifaces.bits())));
                }
            }
            // no in port: the options match only negated
            boolean noPortMatches = (pd.in() == null || pd.in().negated()) && (pd.isIn() == null || pd.isIn().negated());
            inPart = enc.ite(onBridge, unknown, noPortMatches ? enc.ctx.mkTrue() : enc.ctx.mkFalse());
        }
        if (!outOption) {
            return inPart;
        }
        // every out option fails without an out port, so the match holds only when each is negated
        boolean outMatches = (pd.out() == null || pd.out().negated()) && (pd.isOut() == null || pd.isOut().negated())
                && (pd.isBridged() == null || pd.isBridged().negated());
        return outMatches ? inPart : enc.ctx.mkFalse();
    }

    private BoolExpr neg(BoolExpr e, boolean negated) {
        return negated ? enc.not(e) : e;
    }

    /** ebtables --ip-src, --ip-proto, --ip-dport and their --ip6 twins; other options are not modelled. */
    private BoolExpr bridgeIp(BridgeIpMatch b, Header h) {
        if (b.v6() != enc.v6) {
            return enc.ctx.mkFalse();
        }
        if (!b.unmodelled().isEmpty()) {
            return null;
        }
        BoolExpr c = enc.ctx.mkTrue();
        if (b.src() != null) {
            c = enc.and(c, neg(net(h.src(), b.src().value()), b.src().negated()));
        }
        if (b.dst() != null) {
            c = enc.and(c, neg(net(h.dst(), b.dst().value()), b.dst().negated()));
        }
        if (b.proto() != null) {
            c = enc.and(c, neg(enc.ctx.mkEq(h.proto(), enc.num(b.proto().value(), 8)), b.proto().negated()));
        }
        BoolExpr ports = enc.ctx.mkFalse();
        for (int p : new int[] {6, 17, 132, 136}) {
            ports = enc.or(ports, enc.ctx.mkEq(h.proto(), enc.num(p, 8)));
        }
        if (b.sport() != null) {
            c = enc.and(c, neg(enc.and(ports, enc.inRange(h.sport(), b.sport().value().lo(), b.sport().value().hi())), b.sport().negated()));
        }
        if (b.dport() != null) {
            c = enc.and(c, neg(enc.and(ports, enc.inRange(h.dport(), b.dport().value().lo(), b.dport().value().hi())), b.dport().negated()));
        }
        return c;
    }

    private BoolExpr net(BitVecExpr field, IpNet n) {
        if (n.isAny()) {
            return enc.ctx.mkTrue();
        }
        int len = n.length();
        if (len == enc.addrBits) {
            return enc.ctx.mkEq(field, enc.addr(n.address()));
        }
        if (len >= 0) {
            // a prefix is an interval: cheaper for the solver than a mask
            return enc.inRange(field, n.first(), n.last());
        }
        return enc.ctx.mkEq(enc.ctx.mkBVAND(field, enc.addr(n.mask())), enc.addr(n.address()));
    }

    private BoolExpr port(BitVecExpr field, Neg<PortRange> p) {
        if (p == null) {
            return enc.ctx.mkTrue();
        }
        BoolExpr in = enc.inRange(field, p.value().lo(), p.value().hi());
        return p.negated() ? enc.not(in) : in;
    }

    private BoolExpr mark(BitVecExpr field, MarkValue v) {
        return enc.ctx.mkEq(enc.ctx.mkBVAND(field, enc.num(v.mask(), 32)), enc.num(v.value() & v.mask(), 32));
    }

    /** The conntrack state as rules see it: UNTRACKED after NOTRACK, else the looked-up state. */
    private BitVecExpr effectiveCt(WalkState st) {
        return enc.ite(st.notrack(), enc.num(Encoding.CT_UNTRACKED, 3), st.ct());
    }

    /** Null when the set holds SNAT/DNAT (conntrack status bits nflint does not track). */
    private BoolExpr ctIn(WalkState st, Set<CtState> states) {
        BitVecExpr ct = effectiveCt(st);
        BoolExpr any = enc.ctx.mkFalse();
        for (CtState s : states) {
            int code = java.util.Arrays.asList(Encoding.CT_NAMES).indexOf(s.name());
            if (code < 0) {
                return null;
            }
            any = enc.or(any, enc.ctx.mkEq(ct, enc.num(code, 3)));
        }
        return any;
    }

    private BoolExpr conntrack(ConntrackMatch c, WalkState st) {
        if (!c.unmodelled().isEmpty() || c.origSrc() != null || c.origDst() != null || c.replSrc() != null
                || c.replDst() != null || c.origSrcPort() != null || c.origDstPort() != null
                || c.replSrcPort() != null || c.replDstPort() != null) {
            return null;
        }
        BoolExpr all = enc.ctx.mkTrue();
        if (c.state() != null) {
            BoolExpr in = ctIn(st, c.state().value());
            if (in == null) {
                return null;
            }
            all = enc.and(all, c.state().negated() ? enc.not(in) : in);
        }
        if (c.proto() != null) {
            BoolExpr is = enc.ctx.mkEq(st.header().proto(), enc.num(c.proto().value(), 8));
            all = enc.and(all, c.proto().negated() ? enc.not(is) : is);
        }
        return all;
    }

    private BoolExpr addrType(BitVecExpr a, AddrType t) {
        switch (t) {
            case LOCAL:
                return enc.isLocal(a);
            case MULTICAST:
                return enc.v6 ? enc.inRange(a, io.nflint.ir.Ip.parse("ff00::").orElseThrow(), io.nflint.ir.Ip.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").orElseThrow())
                        : enc.inRange(a, 0xe0000000L, 0xefffffffL);
            case BROADCAST:
                // IPv4 broadcast addresses depend on the host's subnets (unknown); IPv6 has none
                return enc.v6 ? enc.ctx.mkFalse() : null;
            default:
                return null;
        }
    }
}
