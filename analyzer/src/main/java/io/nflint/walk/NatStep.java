package io.nflint.walk;

import io.nflint.ir.CtState;
import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;
import io.nflint.ir.Rule;
import io.nflint.ir.target.ConnmarkTarget;
import io.nflint.ir.target.Dnat;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.MarkTarget;
import io.nflint.ir.target.Masquerade;
import io.nflint.ir.target.Netmap;
import io.nflint.ir.target.Redirect;
import io.nflint.ir.target.Reject;
import io.nflint.ir.target.Snat;
import io.nflint.ir.target.Target;
import io.nflint.pipeline.Hook;
import java.util.Optional;

/**
 * Conntrack and NAT for one packet: the conntrack lookup (NEW, RELATED, ESTABLISHED, UNTRACKED),
 * the translation later packets and replies get from the connection, the NAT and CONNMARK targets,
 * and how a target reads in a trace.
 */
abstract class NatStep extends RoutingStep {

    NatStep(Walker walker, Forks forks, Phase phase, ConntrackEntry previous) {
        super(walker, forks, phase, previous);
    }

    void conntrackLookup() {
        if (NeighbourDiscovery.untracked(pkt)) {
            untracked = true;
        }
        if (untracked) {
            pkt = pkt.withCtState(CtState.UNTRACKED);
            return;
        }
        switch (phase) {
            case FIRST:
                if (original == null) {
                    original = Flow.of(pkt);
                }
                pkt = pkt.withCtState(relatedFirst ? CtState.RELATED : CtState.NEW);
                break;
            default:
                pkt = pkt.withCtState(CtState.ESTABLISHED);
        }
    }

    /** Replies and later packets get the translation the first packet recorded. */
    void applyRecordedNat(boolean destination) {
        if (previous == null || untracked) {
            return;
        }
        Flow o = previous.original();
        Flow r = previous.reply();
        if (phase == Phase.ESTABLISHED) {
            if (destination && previous.dnat()) {
                pkt = pkt.withDst(r.src(), r.sport());
            } else if (!destination && previous.snat()) {
                pkt = pkt.withSrc(r.dst(), r.dport());
            }
        } else if (phase == Phase.REPLY) {
            if (destination && previous.snat()) {
                pkt = pkt.withDst(o.src(), o.sport());
                notes.add("reply: conntrack undoes the SNAT, destination back to " + o.src());
            } else if (!destination && previous.dnat()) {
                pkt = pkt.withSrc(o.dst(), o.dport());
                notes.add("reply: conntrack undoes the DNAT, source back to " + o.dst());
            }
        }
    }

    void connmark(ConnmarkTarget c) {
        long ct = pkt.ctMark();
        long mark = pkt.mark();
        switch (c.mode()) {
            case SET:
                pkt = pkt.withCtMark((ct & ~c.mask()) ^ c.value());
                break;
            case SAVE:
                pkt = pkt.withCtMark((ct & ~c.ctmask()) ^ (mark & c.nfmask()));
                break;
            default:
                pkt = pkt.withMark((mark & ~c.nfmask()) ^ (ct & c.ctmask()));
        }
    }

    TableVerdict nat(Rule rule, Target t, Hook hook) {
        return nat(rule.table() + ":" + rule.chain() + " rule " + rule.number(), t, hook);
    }

    /**
     * Sets up the mapping {@code t} gives ({@code where}: the rule, for the note). Once a mapping of a
     * manip type is set up, later nat chains at that hook are not consulted for the connection
     * ({@code nf_nat_inet_fn} stops at {@code nf_nat_initialized}), even if it maps to itself.
     */
    TableVerdict nat(String where, Target t, Hook hook) {
        boolean dstManip = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
        Packet before = pkt;
        String note = "";
        if (t instanceof Dnat d) {
            NatChoice.Picked p = NatChoice.pick(d.to(), pkt, false, d.persistent());
            pkt = pkt.withDst(p.address(), p.port());
            note = p.note();
        } else if (t instanceof Snat s) {
            NatChoice.Picked p = NatChoice.pick(s.to(), pkt, true, s.persistent());
            pkt = pkt.withSrc(p.address(), p.port());
            note = p.note();
        } else if (t instanceof Masquerade m) {
            // nf_nat_masquerade: the out device's address towards the next hop (the route's src does not count)
            Optional<HostView.RouteHit> hit = host.route(pkt.dst());
            Ip nextHop = hit.isPresent() && hit.get().gateway() != null && curOut != null && curOut.equals(hit.get().iface())
                    ? hit.get().gateway() : pkt.dst();
            Ip src = host.selectSource(curOut, nextHop, pkt.dst(), false).orElse(null);
            if (src == null) {
                return new TableVerdict(TableVerdict.Kind.DROP, null,
                        "MASQUERADE: " + curOut + " has no " + (pkt.v6() ? "IPv6" : "IPv4") + " address, so the kernel drops");
            }
            StringBuilder sb = new StringBuilder();
            int port = NatChoice.pickPort(m.toPorts(), pkt.sport(), pkt.hasPorts(), sb);
            pkt = pkt.withSrc(src, port);
            note = ("MASQUERADE uses " + curOut + "'s address " + src + ". " + sb).strip();
        } else if (t instanceof Redirect r) {
            Ip to;
            if (hook == Hook.OUTPUT) {
                to = pkt.v6() ? new Ip(true, 0, 1) : LOOPBACK4;
            } else {
                to = host.primaryAddress(curIn, pkt.v6()).orElse(null);
                if (to == null) {
                    return new TableVerdict(TableVerdict.Kind.DROP, null,
                            "REDIRECT: " + curIn + " has no address, so the kernel drops");
                }
            }
            StringBuilder sb = new StringBuilder();
            int port = NatChoice.pickPort(r.toPorts(), pkt.dport(), pkt.hasPorts(), sb);
            pkt = pkt.withDst(to, port);
            note = ("REDIRECT to " + (hook == Hook.OUTPUT ? "the loopback address" : curIn + "'s address") + ". " + sb).strip();
        } else if (t instanceof Netmap n) {
            IpNet to = n.to();
            if (dstManip) {
                pkt = pkt.withDst(netmap(pkt.dst(), to), pkt.dport());
            } else {
                pkt = pkt.withSrc(netmap(pkt.src(), to), pkt.sport());
            }
        }
        if (dstManip) {
            dnat = dnat || !Flow.of(before).equals(Flow.of(pkt));
            natDstDone = true;
        } else {
            snat = snat || !Flow.of(before).equals(Flow.of(pkt));
            natSrcDone = true;
        }
        notes.add(where + ": " + describe(t) + " maps "
                + before.describe() + " to " + pkt.describe() + (note.isEmpty() ? "" : " (" + note + ")"));
        return TableVerdict.ACCEPT;
    }

    static Ip netmap(Ip ip, IpNet to) {
        Ip mask = to.mask();
        Ip inv = new Ip(ip.v6(), ~mask.hi(), ip.v6() ? ~mask.lo() : ~mask.lo() & 0xffffffffL);
        Ip host = ip.and(inv);
        return new Ip(ip.v6(), to.address().hi() | host.hi(), to.address().lo() | host.lo());
    }

    static String describe(Target t) {
        if (t instanceof Jump j) {
            return "-j " + j.chain();
        }
        if (t instanceof Goto g) {
            return "-g " + g.chain();
        }
        if (t instanceof Reject r) {
            return "REJECT " + r.with();
        }
        if (t instanceof Dnat d) {
            return "DNAT " + d.to().get(0);
        }
        if (t instanceof Snat s) {
            return "SNAT " + s.to().get(0);
        }
        if (t instanceof Netmap n) {
            return "NETMAP " + n.to();
        }
        if (t instanceof Redirect r && r.toPorts() != null) {
            return "REDIRECT " + r.toPorts();
        }
        if (t instanceof MarkTarget m) {
            return "MARK " + m.spelled();
        }
        if (t instanceof ConnmarkTarget c) {
            return "CONNMARK " + c.mode().name().toLowerCase(java.util.Locale.ROOT);
        }
        return t.name();
    }
}
