package io.nflint.walk;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.AddressRange;
import io.nflint.ir.Ip;
import org.junit.jupiter.api.Test;

/**
 * The kernel's picks from NAT address ranges, as NatRangeKernelTest saw them (kernel 6.18, both
 * directions, IPv4 and IPv6, with and without --persistent); needs no root.
 */
class NatRangeHashTest {

    private static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }

    private static final AddressRange CONTAINERS = new AddressRange(ip("172.17.0.2"), ip("172.17.0.4"));
    private static final AddressRange POOL = new AddressRange(ip("198.51.100.11"), ip("198.51.100.18"));
    private static final AddressRange CONTAINERS6 = new AddressRange(ip("fd00:17::2"), ip("fd00:17::4"));

    @Test
    void dnatHashesSourceAndDestination() {
        assertThat(NatRangeHash.pick(CONTAINERS, ip("198.51.100.2"), ip("198.51.100.1"), false, false)).isEqualTo(ip("172.17.0.4"));
        assertThat(NatRangeHash.pick(CONTAINERS, ip("198.51.100.2"), ip("198.51.100.12"), false, false)).isEqualTo(ip("172.17.0.2"));
        assertThat(NatRangeHash.pick(CONTAINERS, ip("198.51.100.2"), ip("198.51.100.14"), false, false)).isEqualTo(ip("172.17.0.3"));
        assertThat(NatRangeHash.pick(CONTAINERS, ip("198.51.100.2"), ip("198.51.100.18"), false, false)).isEqualTo(ip("172.17.0.3"));
    }

    @Test
    void persistentHashesTheSourceAlone() {
        for (int last = 11; last <= 18; last++) {
            assertThat(NatRangeHash.pick(CONTAINERS, ip("198.51.100.2"), ip("198.51.100." + last), true, false))
                    .isEqualTo(ip("172.17.0.4"));
        }
    }

    @Test
    void snatHashesIntoThePool() {
        assertThat(NatRangeHash.pick(POOL, ip("172.17.0.2"), ip("198.51.100.2"), false, true)).isEqualTo(ip("198.51.100.13"));
        assertThat(NatRangeHash.pick(POOL, ip("172.17.0.2"), ip("198.51.100.31"), false, true)).isEqualTo(ip("198.51.100.17"));
        assertThat(NatRangeHash.pick(POOL, ip("172.17.0.3"), ip("198.51.100.34"), false, true)).isEqualTo(ip("198.51.100.13"));
        assertThat(NatRangeHash.pick(POOL, ip("172.17.0.4"), ip("198.51.100.32"), false, true)).isEqualTo(ip("198.51.100.11"));
    }

    @Test
    void ipv6HashesWordByWord() {
        assertThat(NatRangeHash.pick(CONTAINERS6, ip("2001:db8:1::2"), ip("2001:db8:1::1"), false, false)).isEqualTo(ip("fd00:17::4"));
        assertThat(NatRangeHash.pick(CONTAINERS6, ip("2001:db8:1::2"), ip("2001:db8:1::13"), false, false)).isEqualTo(ip("fd00:17::2"));
        assertThat(NatRangeHash.pick(CONTAINERS6, ip("2001:db8:1::2"), ip("2001:db8:1::14"), false, false)).isEqualTo(ip("fd00:17::3"));
        assertThat(NatRangeHash.pick(CONTAINERS6, ip("2001:db8:1::2"), ip("2001:db8:1::17"), false, false)).isEqualTo(ip("fd00:17::2"));
    }

    @Test
    void aSingleAddressIsTakenAsItIs() {
        AddressRange one = new AddressRange(ip("10.0.0.7"), ip("10.0.0.7"));
        assertThat(NatRangeHash.pick(one, ip("1.2.3.4"), ip("5.6.7.8"), false, false)).isEqualTo(ip("10.0.0.7"));
    }
}
