package io.nflint.lower;

/**
 * The named packet and state fields a lowered match tests. Each is one thing the kernel reads when it
 * decides a match; an nftables expression that reads the same thing lowers to the same field (see
 * package-info for the mapping). A field a packet does not have (no conntrack entry, no bridge port,
 * no local socket) has no value: a test on it is false, so its negation is true.
 */
public enum Field {
    /** The network-layer protocol of the frame: 0x0800 or 0x86dd (nft {@code ether type}, {@code meta protocol}). */
    ETHER_TYPE,
    /** Ethernet source and destination address ({@code ether saddr/daddr}). */
    ETHER_SADDR, ETHER_DADDR,
    /** IPv4/IPv6 source and destination address ({@code ip saddr}, {@code ip6 daddr}, …). */
    IP_SADDR, IP_DADDR,
    /** The transport protocol number ({@code meta l4proto}). */
    L4PROTO,
    /** Whether the packet is a second or later fragment ({@code ip frag-off & 0x1fff != 0}). */
    IP_FRAGMENT,
    /** Transport source and destination port ({@code th sport/dport}, {@code tcp dport}, …). */
    TH_SPORT, TH_DPORT,
    /** The TCP flags byte ({@code tcp flags}). */
    TCP_FLAGS,
    /** ICMP and ICMPv6 type and code ({@code icmp type}, {@code icmpv6 code}, …). */
    ICMP_TYPE, ICMP_CODE, ICMPV6_TYPE, ICMPV6_CODE,
    /**
     * Input and output device names ({@code meta iifname/oifname}); in the bridge family the bridge
     * port, as in nft's bridge family.
     */
    IIFNAME, OIFNAME,
    /** The bridge a bridged frame is on, seen from the bridge family ({@code meta ibrname/obrname}). */
    IBRNAME, OBRNAME,
    /** The bridge port an IP packet came in / goes out on, seen through br_netfilter (xt_physdev). */
    PHYSDEV_IN, PHYSDEV_OUT,
    /** Link-layer packet type: unicast, broadcast, multicast, host, otherhost ({@code meta pkttype}). */
    PKTTYPE,
    /** The packet's mark and its connection's mark ({@code meta mark}, {@code ct mark}). */
    META_MARK, CT_MARK,
    /** The connection's state: INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED ({@code ct state}). */
    CT_STATE,
    /** The connection's NAT status bits: SNAT, DNAT ({@code ct status snat,dnat}). */
    CT_STATUS,
    /** The protocol of the connection's tuple ({@code ct protocol}). */
    CT_PROTO,
    /** The connection's original and reply tuples ({@code ct original saddr}, {@code ct reply proto-dst}, …). */
    CT_ORIGINAL_SADDR, CT_ORIGINAL_DADDR, CT_REPLY_SADDR, CT_REPLY_DADDR,
    CT_ORIGINAL_SPORT, CT_ORIGINAL_DPORT, CT_REPLY_SPORT, CT_REPLY_DPORT,
    /**
     * The routing type of the source / destination address: LOCAL, UNICAST, BROADCAST, MULTICAST, …
     * ({@code fib saddr type}, {@code fib daddr type}); the {@code _IIF}/{@code _OIF} forms restrict
     * the lookup to the packet's input / output device ({@code fib daddr . iif type}).
     */
    FIB_SADDR_TYPE, FIB_DADDR_TYPE, FIB_SADDR_IIF_TYPE, FIB_DADDR_IIF_TYPE, FIB_SADDR_OIF_TYPE, FIB_DADDR_OIF_TYPE,
    /** The IPv4 time-to-live / IPv6 hop limit ({@code ip ttl}, {@code ip6 hoplimit}). */
    IP_TTL,
    /**
     * IPv6 extension headers: whether the packet has a fragment / routing header anywhere in its
     * chain (ipv6_find_hdr, as ip6t_frag and ip6t_rt look), and the chain as ip6t_ipv6header sums
     * it up (a bit per header kind, {@link io.nflint.ir.Ip6ExtHeaders}).
     */
    IP6_FRAG_HEADER, IP6_ROUTING_HEADER, IP6_HEADER_CHAIN,
    /** Which direction of its connection the packet travels: ORIGINAL or REPLY ({@code ct direction}). */
    CT_DIRECTION,
    /** The sending local socket ({@code meta skuid}, {@code socket}): only locally generated packets have one. */
    SOCKET
}
