package io.nflint.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Classification of real socat and ping output (lines copied from kernel runs); needs no root. */
class ProbeOutputsTest {

    private static final String TS = "2026/11/22 03:19:43 socat[3804] ";

    @Test
    void listenerLineMeansAnswered() {
        Observation o = ProbeOutputs.fromSocat("nflint-listener ns=web peer=198.51.100.2 port=50438\n", "", true);
        assertThat(o).isEqualTo(Observation.answered("web", "198.51.100.2"));
    }

    @Test
    void ipv6PeerLosesSocatsBrackets() {
        Observation o = ProbeOutputs.fromSocat(
                "nflint-listener ns=web peer=[2001:0db8:0001:0000:0000:0000:0000:0002] port=50438\n", "", true);
        assertThat(o).isEqualTo(Observation.answered("web", "2001:0db8:0001:0000:0000:0000:0000:0002"));
    }

    @Test
    void ipv6ErrorsMapLikeIpv4() {
        assertThat(socat("E connect(5, AF=10 [2001:0db8:0001:0000:0000:0000:0000:0002]:82, 28): Connection refused").result())
                .isEqualTo(ProbeResult.REFUSED);
        // icmp6-adm-prohibited: ICMPv6 1/1 is EACCES for a connecting socket
        assertThat(socat("E connect(5, AF=10 [2001:db8::2]:81, 28): Permission denied").result()).isEqualTo(ProbeResult.UNREACHABLE);
        assertThat(ProbeOutputs.fromPing("PING 2001:db8:1::2(2001:db8:1::2) 56 data bytes\n"
                + "From 2001:db8:1::2 icmp_seq=1 Destination unreachable: Port unreachable\n", null).result())
                .isEqualTo(ProbeResult.REFUSED);
        assertThat(ProbeOutputs.fromPing("PING 2001:db8:1::2(2001:db8:1::2) 56 data bytes\n"
                + "From 2001:db8:1::1 icmp_seq=1 Destination unreachable: Administratively prohibited\n", null).result())
                .isEqualTo(ProbeResult.UNREACHABLE);
    }

    @Test
    void errnoTextsMapToTheGroundTruthVocabulary() {
        assertThat(socat("E connect(5, AF=2 172.17.0.2:81, 16): Connection refused").result()).isEqualTo(ProbeResult.REFUSED);
        assertThat(socat("E read(5, 0x55e38c39f000, 8192): Connection refused").result()).isEqualTo(ProbeResult.REFUSED);
        assertThat(socat("E connect(5, AF=2 172.17.0.2:80, 16): No route to host").result()).isEqualTo(ProbeResult.UNREACHABLE);
        assertThat(socat("E connect(5, AF=2 172.17.0.2:80, 16): Network is unreachable").result()).isEqualTo(ProbeResult.UNREACHABLE);
        assertThat(socat("E connect(5, AF=2 172.17.0.2:80, 16): Protocol not available").result()).isEqualTo(ProbeResult.UNREACHABLE);
        assertThat(socat("E connecting to AF=2 172.18.0.2:81: Connection timed out").result()).isEqualTo(ProbeResult.TIMEOUT);
        assertThat(ProbeOutputs.fromSocat("", "", false).result()).isEqualTo(ProbeResult.TIMEOUT);
        assertThat(ProbeOutputs.fromSocat("", "", true).result()).isEqualTo(ProbeResult.NO_REPLY);
    }

    @Test
    void detailKeepsTheClientsWordsWithoutTimestamp() {
        assertThat(socat("E connect(5, AF=2 172.17.0.2:80, 16): No route to host").detail())
                .isEqualTo("connect(5, AF=2 172.17.0.2:80, 16): No route to host");
    }

    @Test
    void pingLines() {
        assertThat(ProbeOutputs.fromPing("64 bytes from 172.17.0.2: icmp_seq=1 ttl=63 time=0.130 ms\n", "web"))
                .isEqualTo(Observation.answered("web", null));
        assertThat(ping("From 198.51.100.1 icmp_seq=1 Destination Port Unreachable")).isEqualTo(ProbeResult.REFUSED);
        assertThat(ping("From 198.51.100.1 icmp_seq=1 Destination Host Unreachable")).isEqualTo(ProbeResult.UNREACHABLE);
        assertThat(ping("From 198.51.100.1 icmp_seq=1 Destination Net Unreachable")).isEqualTo(ProbeResult.UNREACHABLE);
        assertThat(ping("From 198.51.100.1 icmp_seq=1 Packet filtered")).isEqualTo(ProbeResult.UNREACHABLE);
        assertThat(ping("From 198.51.100.1 icmp_seq=1 Destination Host Prohibited")).isEqualTo(ProbeResult.UNREACHABLE);
        assertThat(ping("From 198.51.100.1 icmp_seq=1 Destination Net Prohibited")).isEqualTo(ProbeResult.UNREACHABLE);
        assertThat(ping("")).isEqualTo(ProbeResult.TIMEOUT);
    }

    private static Observation socat(String error) {
        return ProbeOutputs.fromSocat("", TS + error + "\n", false);
    }

    private static ProbeResult ping(String line) {
        return ProbeOutputs.fromPing("PING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.\n" + line + "\n", null).result();
    }
}
