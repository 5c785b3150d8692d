package io.nflint.parse;

import java.util.Locale;
import java.util.Map;

/** ICMP and ICMPv6 type names as iptables spells them, with their type and code range. */
final class IcmpTypes {

    private IcmpTypes() {
    }

    private static final Map<String, int[]> V4 = Map.ofEntries(
            e("any", -1, 0, 255), e("echo-reply", 0), e("pong", 0), e("destination-unreachable", 3),
            e("network-unreachable", 3, 0), e("host-unreachable", 3, 1), e("protocol-unreachable", 3, 2),
            e("port-unreachable", 3, 3), e("fragmentation-needed", 3, 4), e("source-route-failed", 3, 5),
            e("network-unknown", 3, 6), e("host-unknown", 3, 7), e("network-prohibited", 3, 9),
            e("host-prohibited", 3, 10), e("TOS-network-unreachable", 3, 11), e("TOS-host-unreachable", 3, 12),
            e("communication-prohibited", 3, 13), e("host-precedence-violation", 3, 14),
            e("precedence-cutoff", 3, 15), e("source-quench", 4), e("redirect", 5), e("network-redirect", 5, 0),
            e("host-redirect", 5, 1), e("TOS-network-redirect", 5, 2), e("TOS-host-redirect", 5, 3),
            e("echo-request", 8), e("ping", 8), e("router-advertisement", 9), e("router-solicitation", 10),
            e("time-exceeded", 11), e("ttl-exceeded", 11), e("ttl-zero-during-transit", 11, 0),
            e("ttl-zero-during-reassembly", 11, 1), e("parameter-problem", 12), e("ip-header-bad", 12, 0),
            e("required-option-missing", 12, 1), e("timestamp-request", 13), e("timestamp-reply", 14),
            e("address-mask-request", 17), e("address-mask-reply", 18));

    private static final Map<String, int[]> V6 = Map.ofEntries(
            e("destination-unreachable", 1), e("no-route", 1, 0), e("communication-prohibited", 1, 1),
            e("beyond-scope", 1, 2), e("address-unreachable", 1, 3), e("port-unreachable", 1, 4),
            e("failed-policy", 1, 5), e("reject-route", 1, 6), e("packet-too-big", 2), e("time-exceeded", 3),
            e("ttl-exceeded", 3), e("ttl-zero-during-transit", 3, 0), e("ttl-zero-during-reassembly", 3, 1),
            e("parameter-problem", 4), e("bad-header", 4, 0), e("unknown-header-type", 4, 1),
            e("unknown-option", 4, 2), e("echo-request", 128), e("ping", 128), e("echo-reply", 129),
            e("pong", 129), e("mld-listener-query", 130), e("mld-listener-report", 131),
            e("mld-listener-done", 132), e("mld-listener-reduction", 132), e("router-solicitation", 133),
            e("router-advertisement", 134), e("neighbour-solicitation", 135), e("neighbor-solicitation", 135),
            e("neighbour-advertisement", 136), e("neighbor-advertisement", 136), e("redirect", 137));

    private static Map.Entry<String, int[]> e(String name, int type) {
        return Map.entry(name.toLowerCase(Locale.ROOT), new int[] {type, 0, 255});
    }

    private static Map.Entry<String, int[]> e(String name, int type, int code) {
        return Map.entry(name.toLowerCase(Locale.ROOT), new int[] {type, code, code});
    }

    private static Map.Entry<String, int[]> e(String name, int type, int lo, int hi) {
        return Map.entry(name.toLowerCase(Locale.ROOT), new int[] {type, lo, hi});
    }

    /** {type, codeLo, codeHi} for a name, {@code type}, or {@code type/code}; null when invalid. */
    static int[] parse(String s, boolean v6) {
        int[] named = (v6 ? V6 : V4).get(s.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named.clone();
        }
        int slash = s.indexOf('/');
        String t = slash < 0 ? s : s.substring(0, slash);
        if (!Values.isDigits(t) || t.length() > 3 || Integer.parseInt(t) > 255) {
            return null;
        }
        int type = Integer.parseInt(t);
        if (slash < 0) {
            return new int[] {type, 0, 255};
        }
        String c = s.substring(slash + 1);
        if (!Values.isDigits(c) || c.length() > 3 || Integer.parseInt(c) > 255) {
            return null;
        }
        int code = Integer.parseInt(c);
        return new int[] {type, code, code};
    }
}
