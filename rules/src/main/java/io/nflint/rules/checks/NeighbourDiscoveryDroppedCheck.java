package io.nflint.rules.checks;

import io.nflint.analysis.HostAnalysis;
import io.nflint.host.IfAddress;
import io.nflint.host.NetInterface;
import io.nflint.ir.Family;
import io.nflint.ir.Ip;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Engine;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.WalkEvidence;
import io.nflint.walk.NeighbourDiscovery;
import java.util.Optional;

/**
 * ip6tables drops ICMPv6 neighbour solicitations or advertisements between the host and its link:
 * neighbours cannot resolve the host's IPv6 addresses, so nothing reaches it (or anything it routes)
 * over IPv6. The walk is the walker's neighbour discovery step, on the host's uplink when the bundle
 * has one, else on a made-up link (eth0, 2001:db8::1 resolved by fe80::2).
 */
@CheckInfo(id = "NFL405", name = "ipv6-neighbour-discovery-dropped", severity = Severity.WARNING, engines = Engine.WALKER,
        summary = "ip6tables drops neighbour discovery: neighbours cannot resolve the host's IPv6 address")
public final class NeighbourDiscoveryDroppedCheck implements Check {

    private static final Ip DOC_TARGET = Ip.parse("2001:db8::1").orElseThrow();
    private static final Ip LINK_NEIGHBOUR = Ip.parse("fe80::2").orElseThrow();

    /** The link probed: an interface and an address of the host on it. */
    private record Link(String iface, Ip target, boolean madeUp) {
    }

    @Override
    public void run(CheckContext context, FindingSink sink) {
        Optional<io.nflint.ir.Ruleset> rs6 = context.ruleset(Family.IPV6);
        if (rs6.isEmpty() || rs6.get().ruleCount() == 0) {
            return;
        }
        HostAnalysis a = context.analysis();
        Link link = link(a);
        NeighbourDiscovery.Resolution r = NeighbourDiscovery.resolve(a.walker(), link.iface(), LINK_NEIGHBOUR, link.target());
        Optional<NeighbourDiscovery.Blocked> blocked = r.blocked();
        if (blocked.isEmpty()) {
            return;
        }
        WalkEvidence.Cause cause = WalkEvidence.cause(context.analysis().rulesets(), blocked.get().outcome());
        if (!cause.isRule()) {
            return;
        }
        boolean solicitation = blocked.get().request().packet().icmpType() == NeighbourDiscovery.SOLICITATION;
        String chain = cause.step().chain();
        FindingSink.Report rep = sink.at(cause.span(), (solicitation ? "ICMPv6 neighbour solicitations (type 135) from the link"
                        : "the host's ICMPv6 neighbour advertisements (type 136)") + " are dropped here in " + chain
                        + ": neighbours cannot resolve the host's IPv6 address" + (link.madeUp() ? "es" : " " + link.target()
                        + " on " + link.iface()) + ", so nothing reaches the host, or anything it routes, over IPv6"
                        + " (conntrack leaves neighbour discovery UNTRACKED: RELATED,ESTABLISHED does not let it in)")
                .witness(WalkEvidence.witness(blocked.get().request(), blocked.get().outcome()))
                .location(cause.step().table(), chain, cause.rule() == null ? "" : cause.rule().text().strip());
        if (cause.rule() != null) {
            rep.rule(cause.rule());
        }
        String type = solicitation ? "neighbour-solicitation" : "neighbour-advertisement";
        rep.help("accept neighbour discovery before the drop: -I " + chain + " -p ipv6-icmp -m icmp6 --icmpv6-type " + type
                + " -j ACCEPT" + (solicitation ? " (and neighbour-advertisement, router-advertisement if the host"
                + " autoconfigures)" : "") + "; -m hl --hl-eq 255 keeps it to the link").report();
    }

    /** The host's uplink for IPv6 and its address there; a documentation address on eth0 without host facts. */
    private static Link link(HostAnalysis a) {
        for (NetInterface i : a.host().interfaces()) {
            if (i.name().equals("lo") || !i.up() || i.masterBridge().isPresent()
                    || a.host().bridgeOfInterface(i.name()).isPresent() || a.host().networkOfBridge(i.name()).isPresent()) {
                continue;
            }
            Optional<Ip> v6 = i.addresses().stream().filter(IfAddress::v6).map(IfAddress::address)
                    .sorted((x, y) -> Boolean.compare(x.hi() >>> 54 == 0x3fa, y.hi() >>> 54 == 0x3fa)).findFirst();
            if (v6.isPresent()) {
                return new Link(i.name(), v6.get(), false);
            }
        }
        return new Link("eth0", DOC_TARGET, true);
    }
}
