package io.nflint.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel's source choices, as SourceAddressKernelTest saw them on the lab host (lo with a global
 * 192.0.2.1/32; ext0 with two IPv4 subnets and two IPv6 prefixes, listed as {@code ip addr} lists
 * them; tun0 without an address); needs no root.
 */
class SourceSelectionTest {

    private static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }

    private static final List<NetInterface> HOST = List.of(
            new NetInterface("lo", 1, InterfaceKind.LOOPBACK, null,
                    List.of(new IfAddress(ip("127.0.0.1"), 8), new IfAddress(ip("192.0.2.1"), 32), new IfAddress(ip("::1"), 128)),
                    true, null, null),
            new NetInterface("ext0", 2, InterfaceKind.VETH, null, List.of(
                    new IfAddress(ip("198.51.100.1"), 24), new IfAddress(ip("203.0.113.1"), 24),
                    new IfAddress(ip("198.51.100.9"), 24, true, IfAddress.SCOPE_GLOBAL),
                    new IfAddress(ip("2001:db8:2::1"), 64), new IfAddress(ip("2001:db8:1::1"), 64),
                    new IfAddress(ip("fe80::1"), 64)), true, null, null),
            new NetInterface("tun0", 4, InterfaceKind.OTHER, null, List.of(new IfAddress(ip("fe80::4"), 64)), true, null, null));

    @Test
    void ipv4PrefersTheAddressInTheNextHopsSubnet() {
        assertThat(SourceSelection.ipv4(HOST, "ext0", ip("203.0.113.2"), IfAddress.SCOPE_GLOBAL)).contains(ip("203.0.113.1"));
        assertThat(SourceSelection.ipv4(HOST, "ext0", ip("198.51.100.2"), IfAddress.SCOPE_GLOBAL)).contains(ip("198.51.100.1"));
        // no next hop (a connected route without src) or one in no subnet: the first primary address
        assertThat(SourceSelection.ipv4(HOST, "ext0", null, IfAddress.SCOPE_LINK)).contains(ip("198.51.100.1"));
        assertThat(SourceSelection.ipv4(HOST, "ext0", ip("100.64.0.1"), IfAddress.SCOPE_GLOBAL)).contains(ip("198.51.100.1"));
    }

    @Test
    void ipv4WithoutAnAddressOnTheDeviceTakesTheFirstGlobalOneInIndexOrder() {
        // lo comes first; its 127.0.0.1 is host-scoped and never taken for a link or universe route
        assertThat(SourceSelection.ipv4(HOST, "tun0", null, IfAddress.SCOPE_LINK)).contains(ip("192.0.2.1"));
        List<NetInterface> plainLo = List.of(new NetInterface("lo", 1, InterfaceKind.LOOPBACK, null,
                List.of(new IfAddress(ip("127.0.0.1"), 8)), true, null, null), HOST.get(1), HOST.get(2));
        assertThat(SourceSelection.ipv4(plainLo, "tun0", null, IfAddress.SCOPE_LINK)).contains(ip("198.51.100.1"));
    }

    @Test
    void ipv4NeverTakesASecondary() {
        List<NetInterface> h = List.of(new NetInterface("eth0", 2, InterfaceKind.OTHER, null, List.of(
                new IfAddress(ip("10.0.0.5"), 24, true, IfAddress.SCOPE_GLOBAL), new IfAddress(ip("10.1.0.5"), 24)), true, null, null));
        assertThat(SourceSelection.ipv4(h, "eth0", ip("10.0.0.1"), IfAddress.SCOPE_GLOBAL)).contains(ip("10.1.0.5"));
    }

    @Test
    void ipv6TakesTheLongestMatchingPrefixThenTheFirstListed() {
        assertThat(SourceSelection.ipv6(HOST, "ext0", ip("2001:db8:1::2"))).contains(ip("2001:db8:1::1"));
        assertThat(SourceSelection.ipv6(HOST, "ext0", ip("2001:db8:2::2"))).contains(ip("2001:db8:2::1"));
        assertThat(SourceSelection.ipv6(HOST, "ext0", ip("2001:db8:99::7"))).contains(ip("2001:db8:2::1"));
    }

    @Test
    void ipv6LinkLocalDestinationsGetALinkLocalSourceOfTheOutDevice() {
        assertThat(SourceSelection.ipv6(HOST, "tun0", ip("fe80::9"))).contains(ip("fe80::4"));
        // a global destination through a device with only a link-local address: a global address elsewhere
        assertThat(SourceSelection.ipv6(HOST, "tun0", ip("2001:db8:5::1"))).contains(ip("2001:db8:2::1"));
    }

    @Test
    void ipAddrReaderKeepsSecondaryAndScope() throws Exception {
        String json = "[{\"ifindex\":2,\"ifname\":\"eth0\",\"flags\":[\"UP\"],\"addr_info\":["
                + "{\"family\":\"inet\",\"local\":\"10.0.0.1\",\"prefixlen\":24,\"scope\":\"global\"},"
                + "{\"family\":\"inet\",\"local\":\"10.0.0.2\",\"prefixlen\":24,\"scope\":\"global\",\"secondary\":true},"
                + "{\"family\":\"inet6\",\"local\":\"fe80::1\",\"prefixlen\":64,\"scope\":\"link\"}]}]";
        java.nio.file.Path f = java.nio.file.Files.createTempFile("ip-addr", ".json");
        try {
            java.nio.file.Files.writeString(f, json);
            List<IfAddress> a = IpAddrReader.read(LocatedJson.read(f)).get(0).addresses();
            assertThat(a).extracting(IfAddress::secondary).containsExactly(false, true, false);
            assertThat(a).extracting(IfAddress::scope).containsExactly(IfAddress.SCOPE_GLOBAL, IfAddress.SCOPE_GLOBAL, IfAddress.SCOPE_LINK);
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
