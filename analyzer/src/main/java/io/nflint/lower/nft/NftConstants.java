package io.nflint.lower.nft;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The symbolic constants nft accepts where a number stands (protocols, services, ICMP types, TCP
 * flags, ether types, marks in hex), as nft's datatype tables and {@code /etc/services} name them.
 * nft prints numbers for services; hand-written files use the names.
 */
final class NftConstants {

    private NftConstants() {
    }

    private static final Map<String, Long> PROTOCOLS = Map.ofEntries(
            Map.entry("icmp", 1L), Map.entry("igmp", 2L), Map.entry("tcp", 6L), Map.entry("udp", 17L),
            Map.entry("gre", 47L), Map.entry("esp", 50L), Map.entry("ah", 51L), Map.entry("icmpv6", 58L),
            Map.entry("ipv6-icmp", 58L), Map.entry("sctp", 132L), Map.entry("udplite", 136L), Map.entry("dccp", 33L),
            Map.entry("ipip", 4L), Map.entry("ospf", 89L), Map.entry("vrrp", 112L), Map.entry("pim", 103L));

    private static final Map<String, Long> SERVICES = Map.ofEntries(
            Map.entry("ftp-data", 20L), Map.entry("ftp", 21L), Map.entry("ssh", 22L), Map.entry("telnet", 23L),
            Map.entry("smtp", 25L), Map.entry("domain", 53L), Map.entry("bootps", 67L), Map.entry("bootpc", 68L),
            Map.entry("tftp", 69L), Map.entry("http", 80L), Map.entry("kerberos", 88L), Map.entry("pop3", 110L),
            Map.entry("sunrpc", 111L), Map.entry("ntp", 123L), Map.entry("netbios-ns", 137L),
            Map.entry("netbios-dgm", 138L), Map.entry("netbios-ssn", 139L), Map.entry("imap", 143L),
            Map.entry("imap2", 143L), Map.entry("snmp", 161L), Map.entry("ldap", 389L), Map.entry("https", 443L),
            Map.entry("microsoft-ds", 445L), Map.entry("isakmp", 500L), Map.entry("syslog", 514L),
            Map.entry("submission", 587L), Map.entry("ldaps", 636L), Map.entry("imaps", 993L),
            Map.entry("pop3s", 995L), Map.entry("openvpn", 1194L), Map.entry("mysql", 3306L),
            Map.entry("ipsec-nat-t", 4500L), Map.entry("postgresql", 5432L), Map.entry("http-alt", 8080L),
            Map.entry("mdns", 5353L), Map.entry("dhcpv6-client", 546L), Map.entry("dhcpv6-server", 547L));

    private static final Map<String, Long> ICMP_TYPES = Map.ofEntries(
            Map.entry("echo-reply", 0L), Map.entry("destination-unreachable", 3L), Map.entry("source-quench", 4L),
            Map.entry("redirect", 5L), Map.entry("echo-request", 8L), Map.entry("router-advertisement", 9L),
            Map.entry("router-solicitation", 10L), Map.entry("time-exceeded", 11L),
            Map.entry("parameter-problem", 12L), Map.entry("timestamp-request", 13L),
            Map.entry("timestamp-reply", 14L), Map.entry("info-request", 15L), Map.entry("info-reply", 16L),
            Map.entry("address-mask-request", 17L), Map.entry("address-mask-reply", 18L));

    private static final Map<String, Long> ICMPV6_TYPES = Map.ofEntries(
            Map.entry("destination-unreachable", 1L), Map.entry("packet-too-big", 2L),
            Map.entry("time-exceeded", 3L), Map.entry("parameter-problem", 4L), Map.entry("echo-request", 128L),
            Map.entry("echo-reply", 129L), Map.entry("mld-listener-query", 130L),
            Map.entry("mld-listener-report", 131L), Map.entry("mld-listener-done", 132L),
            Map.entry("mld-listener-reduction", 132L), Map.entry("nd-router-solicit", 133L),
            Map.entry("nd-router-advert", 134L), Map.entry("nd-neighbor-solicit", 135L),
            Map.entry("nd-neighbor-advert", 136L), Map.entry("nd-redirect", 137L),
            Map.entry("router-renumbering", 138L), Map.entry("ind-neighbor-solicit", 141L),
            Map.entry("ind-neighbor-advert", 142L), Map.entry("mld2-listener-report", 143L));

    private static final Map<String, Long> TCP_FLAGS = Map.of("fin", 0x01L, "syn", 0x02L, "rst", 0x04L,
            "psh", 0x08L, "ack", 0x10L, "urg", 0x20L, "ecn", 0x40L, "cwr", 0x80L);

    private static final Map<String, Long> ETHER_TYPES = Map.of("ip", 0x0800L, "ip6", 0x86ddL, "arp", 0x0806L,
            "vlan", 0x8100L, "8021ad", 0x88a8L, "ipv4", 0x0800L, "ipv6", 0x86ddL);

    /** What kind of constant a field takes. */
    enum Kind { NUMBER, PORT, PROTOCOL, ICMP_TYPE, ICMPV6_TYPE, TCP_FLAGS, ETHER_TYPE }

    /** The number a constant stands for, or empty when nflint does not know the name. */
    static OptionalLong number(String text, Kind kind) {
        String t = text.toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("0x")) {
                return OptionalLong.of(Long.parseLong(t.substring(2), 16));
            }
            return OptionalLong.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            // a name: looked up below
        }
        Map<String, Long> names = switch (kind) {
            case PORT -> SERVICES;
            case PROTOCOL -> PROTOCOLS;
            case ICMP_TYPE -> ICMP_TYPES;
            case ICMPV6_TYPE -> ICMPV6_TYPES;
            case TCP_FLAGS -> TCP_FLAGS;
            case ETHER_TYPE -> ETHER_TYPES;
            case NUMBER -> Map.of();
        };
        Long v = names.get(t);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
