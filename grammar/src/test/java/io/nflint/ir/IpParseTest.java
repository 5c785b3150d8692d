package io.nflint.ir;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IpParseTest {

    @Test
    void dottedQuads() {
        assertThat(Ip.parseV4("192.0.2.1")).contains(Ip.v4(192, 0, 2, 1));
        assertThat(Ip.parseV4("0.0.0.0")).contains(Ip.v4(0, 0, 0, 0));
        assertThat(Ip.parseV4("255.255.255.255")).contains(Ip.v4(255, 255, 255, 255));
        assertThat(Ip.parseV4("010.001.0.1")).contains(Ip.v4(10, 1, 0, 1));
    }

    @Test
    void notDottedQuads() {
        for (String s : new String[] {"", ".", "1.2.3", "1.2.3.4.", ".1.2.3", "1.2.3.4.5", "1..3.4", "256.0.0.1",
                "1.2.3.0001", "1.2.3.-4", "1.2.3.4/24", " 1.2.3.4", "a.b.c.d", "\u0661.2.3.4"}) {
            assertThat(Ip.parseV4(s)).as(s).isEmpty();
        }
    }
}
