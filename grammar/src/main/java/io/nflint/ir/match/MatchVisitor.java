package io.nflint.ir.match;

/**
 * One method per {@link Match} record, so that a new record fails to compile until every reader of
 * matches (today the lowering in the analyzer's {@code io.nflint.lower}) says what it means. Java 17
 * has no pattern switch over sealed types; this is its exhaustive stand-in.
 */
public interface MatchVisitor<R> {

    R visitAddressMatch(AddressMatch m);

    R visitAddrtypeMatch(AddrtypeMatch m);

    R visitAmongMatch(AmongMatch m);

    R visitBridgeIpMatch(BridgeIpMatch m);

    R visitCommentMatch(CommentMatch m);

    R visitConnmarkMatch(ConnmarkMatch m);

    R visitConntrackMatch(ConntrackMatch m);

    R visitEtherTypeMatch(EtherTypeMatch m);

    R visitFragmentMatch(FragmentMatch m);

    R visitIcmpMatch(IcmpMatch m);

    R visitInterfaceMatch(InterfaceMatch m);

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
