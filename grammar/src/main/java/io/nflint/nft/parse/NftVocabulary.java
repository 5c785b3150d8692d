package io.nflint.nft.parse;

import java.util.Map;
import java.util.Set;

/** The words of nft expressions and statements the builder types, in one place. */
final class NftVocabulary {

    private NftVocabulary() {
    }

    /** Header protocols whose fields are payload expressions ({@code ip saddr}, {@code th dport}). */
    static final Set<String> PAYLOAD = Set.of("ip", "ip6", "tcp", "udp", "udplite", "sctp", "dccp", "icmp", "icmpv6",
            "igmp", "ah", "esp", "comp", "ether", "vlan", "arp", "th", "gre", "gretap", "vxlan", "geneve", "ipcomp",
            "cfi");

    /** IPv6 extension headers ({@code frag more-fragments}, {@code hbh nexthdr}). */
    static final Set<String> EXTHDR = Set.of("hbh", "frag", "dst", "mh", "srh", "rt0", "rt2", "rt4");

    /** Meta keys that may be written without {@code meta}. */
    static final Set<String> BARE_META = Set.of("iif", "oif", "iifname", "oifname", "iiftype", "oiftype", "mark",
            "skuid", "skgid", "rtclassid", "nfproto", "l4proto", "priority", "cpu", "iifgroup", "oifgroup", "cgroup",
            "pkttype", "ibrname", "obrname", "ibriport", "obriport", "ibrvproto", "ibrpvid", "ipsec", "time", "day",
            "hour", "secmark", "random", "nftrace", "secpath", "iifkind", "oifkind", "sdif", "sdifname", "broute");

    /** Selectors other than payload, meta and ct, kept by name. */
    static final Set<String> KEYED = Set.of("socket", "osf", "rt", "ipsec", "tunnel", "xfrm", "inner");

    static final Set<String> VERDICTS = Set.of("accept", "drop", "continue", "return", "jump", "goto");

    /** Words that begin a statement that is not a match. */
    static final Set<String> STATEMENTS = Set.of("accept", "drop", "continue", "return", "jump", "goto", "queue",
            "counter", "log", "limit", "quota", "notrack", "reject", "snat", "dnat", "masquerade", "redirect",
            "tproxy", "dup", "fwd", "synproxy", "flow", "xt", "comment", "last", "add", "update", "delete",
            "set");

    /** Expression keys of a bitmask type, where nft's implicit operator means "any of these flags". */
    static final Set<String> BITMASK = Set.of("ct state", "ct status", "ct event", "tcp flags", "meta pkttype-x",
            "ip6 frag", "fib type-x");

    static final Map<String, String> RELOPS = Map.ofEntries(Map.entry("==", "EQ"), Map.entry("eq", "EQ"),
            Map.entry("!=", "NE"), Map.entry("ne", "NE"), Map.entry("<", "LT"), Map.entry("lt", "LT"),
            Map.entry(">", "GT"), Map.entry("gt", "GT"), Map.entry("<=", "LE"), Map.entry("le", "LE"),
            Map.entry(">=", "GE"), Map.entry("ge", "GE"), Map.entry("!", "NOT"));

    static final Map<String, String> BINOPS = Map.of("&", "&", "and", "&", "|", "|", "or", "|", "^", "^", "xor", "^",
            "<<", "<<", "lshift", "<<", ">>", ">>", "rshift", ">>");

    /** The datatype a {@code typeof} expression stands for (as {@code nft -j} prints the set's type). */
    static String typeOf(String selector) {
        return switch (selector) {
            case "ip saddr", "ip daddr", "ct ip saddr", "ct ip daddr", "ct original ip saddr", "ct original ip daddr",
                    "ct reply ip saddr", "ct reply ip daddr", "arp saddr ip", "arp daddr ip" -> "ipv4_addr";
            case "ip6 saddr", "ip6 daddr", "ct ip6 saddr", "ct ip6 daddr", "ct original ip6 saddr",
                    "ct original ip6 daddr", "ct reply ip6 saddr", "ct reply ip6 daddr" -> "ipv6_addr";
            case "tcp sport", "tcp dport", "udp sport", "udp dport", "th sport", "th dport", "sctp sport",
                    "sctp dport", "dccp sport", "dccp dport", "udplite sport", "udplite dport",
                    "ct original proto-dst", "ct original proto-src", "ct reply proto-dst", "ct reply proto-src",
                    "ct proto-dst", "ct proto-src" -> "inet_service";
            case "meta l4proto", "ip protocol", "ip6 nexthdr", "ct protocol", "ct original protocol" -> "inet_proto";
            case "meta iifname", "meta oifname", "meta ibrname", "meta obrname" -> "ifname";
            case "meta iif", "meta oif" -> "iface_index";
            case "ether saddr", "ether daddr", "arp saddr ether", "arp daddr ether" -> "ether_addr";
            case "meta mark", "ct mark" -> "mark";
            case "ct state" -> "ct_state";
            case "ct status" -> "ct_status";
            case "meta nfproto" -> "nf_proto";
            case "ether type", "vlan type" -> "ether_type";
            case "icmp type" -> "icmp_type";
            case "icmpv6 type" -> "icmpv6_type";
            case "ip dscp", "ip6 dscp" -> "dscp";
            case "meta skuid" -> "uid";
            case "osf name", "meta iifkind", "meta oifkind", "ct helper" -> "string";
            case "meta skgid" -> "gid";
            case "meta pkttype" -> "pkttype";
            case "meta iiftype", "meta oiftype" -> "iface_type";
            case "tcp flags" -> "tcp_flag";
            case "meta cpu", "numgen", "jhash", "symhash" -> "integer";
            default -> "integer";
        };
    }
}
