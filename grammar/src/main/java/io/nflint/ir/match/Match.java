package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/**
 * One condition of a rule. Primitives from the base options, or one {@code -m module} with its
 * options; a rule matches when all of its matches do (Diekmann et al.'s conjunction). Modules nflint
 * does not model are {@link UnknownMatch} and count as "may match" in both engines.
 */
public sealed interface Match permits AddressMatch, InterfaceMatch, ProtocolMatch, FragmentMatch,
        TcpMatch, UdpMatch, SctpMatch, DccpMatch, IcmpMatch, MultiportMatch, ConntrackMatch, StateMatch,
        AddrtypeMatch, MarkMatch, ConnmarkMatch, CommentMatch, PhysdevMatch, IprangeMatch, MacMatch,
        SetMatch, StatisticMatch, LimitMatch, OwnerMatch, PkttypeMatch, RecentMatch,
        EtherTypeMatch, BridgeIpMatch, AmongMatch, HopLimitMatch, Ip6ExtHeaderMatch, Ip6HeaderChainMatch,
        UnknownMatch {

    SourceSpan span();

    /** The module name as {@code -m} would load it; empty for base options. */
    String module();

    /** Calls the visitor's method for this record. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per {@link Match} record, so that a new record fails to compile until every reader of
     * matches (today the lowering in the analyzer's {@code io.nflint.lower}) says what it means. Java 17
     * has no pattern switch over sealed types; this is its exhaustive stand-in.
     */
    interface Visitor<R> {

        R visitAddressMatch(AddressMatch m);

        R visitAddrtypeMatch(AddrtypeMatch m);

        R visitAmongMatch(AmongMatch m);

        R visitBridgeIpMatch(BridgeIpMatch m);

        R visitCommentMatch(CommentMatch m);

        R visitConnmarkMatch(ConnmarkMatch m);

        R visitConntrackMatch(ConntrackMatch m);

        R visitDccpMatch(DccpMatch m);

        R visitEtherTypeMatch(EtherTypeMatch m);

        R visitFragmentMatch(FragmentMatch m);

        R visitHopLimitMatch(HopLimitMatch m);

        R visitIcmpMatch(IcmpMatch m);

        R visitInterfaceMatch(InterfaceMatch m);

        R visitIp6ExtHeaderMatch(Ip6ExtHeaderMatch m);

        R visitIp6HeaderChainMatch(Ip6HeaderChainMatch m);

        R visitIprangeMatch(IprangeMatch m);

        R visitLimitMatch(LimitMatch m);

        R visitMacMatch(MacMatch m);

        R visitMarkMatch(MarkMatch m);

        R visitMultiportMatch(MultiportMatch m);

        R visitOwnerMatch(OwnerMatch m);

        R visitPhysdevMatch(PhysdevMatch m);

        R visitPkttypeMatch(PkttypeMatch m);

        R visitProtocolMatch(ProtocolMatch m);

        R visitRecentMatch(RecentMatch m);

        R visitSctpMatch(SctpMatch m);

        R visitSetMatch(SetMatch m);

        R visitStateMatch(StateMatch m);

        R visitStatisticMatch(StatisticMatch m);

        R visitTcpMatch(TcpMatch m);

        R visitUdpMatch(UdpMatch m);

        R visitUnknownMatch(UnknownMatch m);
    }
}
