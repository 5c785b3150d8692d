package io.nflint.parse;

import io.nflint.ir.match.Match;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The match modules nflint models, by every name {@code -m} accepts for them. */
final class Matches {

    private Matches() {
    }

    private static final Map<String, ModuleSpec<Match>> BY_NAME = new HashMap<>();

    static {
        for (ModuleSpec<Match> s : List.of(PortMatches.TCP, PortMatches.UDP, PortMatches.SCTP, PortMatches.DCCP, PortMatches.MULTIPORT,
                PortMatches.ICMP, PortMatches.ICMP6, StateMatches.CONNTRACK, StateMatches.STATE, MetaMatches.ADDRTYPE,
                MetaMatches.MARK, MetaMatches.CONNMARK, MetaMatches.COMMENT, MetaMatches.PHYSDEV, MetaMatches.IPRANGE,
                MetaMatches.MAC, MetaMatches.SET, MetaMatches.STATISTIC, MetaMatches.LIMIT, MetaMatches.OWNER,
                MetaMatches.PKTTYPE, MetaMatches.RECENT, Ip6Matches.HL, Ip6Matches.TTL, Ip6Matches.FRAG, Ip6Matches.RT,
                Ip6Matches.IPV6HEADER)) {
            BY_NAME.put(s.name, s);
        }
        BY_NAME.put("udplite", PortMatches.UDP);
        BY_NAME.put("icmpv6", PortMatches.ICMP6);
        BY_NAME.put("ipv6-icmp", PortMatches.ICMP6);
    }

    static ModuleSpec<Match> byName(String module) {
        return BY_NAME.get(module);
    }

    /** The module {@code -p proto} loads implicitly, so {@code -p tcp --dport 22} works without {@code -m tcp}. */
    static ModuleSpec<Match> implicitFor(Integer protocol) {
        if (protocol == null) {
            return null;
        }
        return switch (protocol) {
            case 6 -> PortMatches.TCP;
            case 17, 136 -> PortMatches.UDP;
            case 132 -> PortMatches.SCTP;
            case 33 -> PortMatches.DCCP;
            case 1 -> PortMatches.ICMP;
            case 58 -> PortMatches.ICMP6;
            default -> null;
        };
    }
}
