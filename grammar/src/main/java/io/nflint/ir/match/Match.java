package io.nflint.ir.match;

import io.nflint.ir.SourceSpan;

/**
 * One condition of a rule. Primitives from the base options, or one {@code -m module} with its
 * options; a rule matches when all of its matches do (Diekmann et al.'s conjunction). Modules nflint
 * does not model are {@link UnknownMatch} and count as "may match" in both engines.
 */
public sealed interface Match permits AddressMatch, InterfaceMatch, ProtocolMatch, FragmentMatch,
        TcpMatch, UdpMatch, SctpMatch, IcmpMatch, MultiportMatch, ConntrackMatch, StateMatch,
        AddrtypeMatch, MarkMatch, ConnmarkMatch, CommentMatch, PhysdevMatch, IprangeMatch, MacMatch,
        SetMatch, StatisticMatch, LimitMatch, OwnerMatch, PkttypeMatch, RecentMatch,
        EtherTypeMatch, BridgeIpMatch, AmongMatch, UnknownMatch {

    SourceSpan span();

    /** The module name as {@code -m} would load it; empty for base options. */
    String module();

    /** Calls the visitor's method for this record. */
    <R> R accept(MatchVisitor<R> visitor);
}
