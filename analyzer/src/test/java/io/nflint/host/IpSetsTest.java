package io.nflint.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpSetsTest {

    private static IpSets sets;

    @BeforeAll
    static void read(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ipset.save");
        Files.writeString(f, String.join("\n",
                "create hosts hash:ip family inet hashsize 1024 maxelem 65536",
                "add hosts 10.0.0.1",
                "add hosts 10.0.0.7 timeout 30 comment \"the db box\"",
                "create nets hash:net family inet hashsize 1024 maxelem 65536",
                "add nets 10.0.0.0/8",
                "add nets 10.1.0.0/16 nomatch",
                "add nets 10.1.2.0/24",
                "create svc hash:ip,port family inet hashsize 1024 maxelem 65536",
                "add svc 172.17.0.2,tcp:80",
                "add svc 172.17.0.2,udp:53",
                "add svc 172.17.0.3,8080",
                "create ports bitmap:port range 0-65535",
                "add ports 22",
                "add ports 8000-8010",
                "create v6 hash:net family inet6 hashsize 1024 maxelem 65536",
                "add v6 fd00::/8",
                "create ifn hash:net,iface family inet hashsize 1024 maxelem 65536",
                "add ifn 172.17.0.0/16,docker0",
                "create all list:set size 8",
                "add all hosts",
                "add all v6",
                "create odd hash:ip,port,ip family inet hashsize 1024 maxelem 65536",
                "add odd 1.2.3.4,tcp:80,5.6.7.8",
                "create weird hash:unknowndim family inet",
                "add weird something-verbatim",
                ""));
        sets = IpSetReader.read(f);
    }

    private static Ip ip(String s) {
        return Ip.parse(s).orElseThrow();
    }

    @Test
    void hashIp() {
        assertThat(sets.contains("hosts", ip("10.0.0.1"))).contains(true);
        assertThat(sets.contains("hosts", ip("10.0.0.7"))).contains(true);
        assertThat(sets.contains("hosts", ip("10.0.0.2"))).contains(false);
        assertThat(sets.contains("hosts", ip("::1"))).contains(false);
        IpSetEntry withComment = sets.get("hosts").orElseThrow().entries().get(1);
        assertThat(withComment.options()).containsExactly("timeout", "30", "comment", "the db box");
    }

    @Test
    void hashNetWithMostSpecificNomatch() {
        assertThat(sets.contains("nets", ip("10.9.9.9"))).contains(true);
        assertThat(sets.contains("nets", ip("10.1.9.9"))).contains(false);
        assertThat(sets.contains("nets", ip("10.1.2.3"))).contains(true);
        assertThat(sets.contains("nets", ip("11.0.0.1"))).contains(false);
        assertThat(sets.contains("v6", ip("fd12::1"))).contains(true);
        assertThat(sets.contains("v6", ip("10.0.0.1"))).contains(false);
    }

    @Test
    void hashIpPort() {
        assertThat(sets.contains("svc", ip("172.17.0.2"), "tcp", 80)).contains(true);
        assertThat(sets.contains("svc", ip("172.17.0.2"), "udp", 80)).contains(false);
        assertThat(sets.contains("svc", ip("172.17.0.2"), "udp", 53)).contains(true);
        assertThat(sets.contains("svc", ip("172.17.0.3"), "tcp", 8080)).contains(true); // no proto = tcp
        assertThat(sets.contains("svc", ip("172.17.0.9"), "tcp", 80)).contains(false);
        // --match-set svc dst,dst reads the destination side
        SetPacket p = SetPacket.of(ip("1.1.1.1"), ip("172.17.0.2"), "tcp", 40000, 80);
        assertThat(sets.contains("svc", p, List.of(SetDir.DST, SetDir.DST))).contains(true);
        assertThat(sets.contains("svc", p, List.of(SetDir.SRC, SetDir.DST))).contains(false);
        // flags left out default to dst, as xt_set does
        assertThat(sets.contains("svc", p, List.of(SetDir.DST))).contains(true);
        // a port the caller does not know leaves it open
        assertThat(sets.contains("svc", SetPacket.of(null, ip("172.17.0.2"), "tcp", null, null),
                List.of(SetDir.DST, SetDir.DST))).isEmpty();
    }

    @Test
    void otherTypes() {
        SetPacket ssh = SetPacket.of(ip("1.1.1.1"), ip("2.2.2.2"), "tcp", 40000, 22);
        assertThat(sets.contains("ports", ssh, List.of(SetDir.DST))).contains(true);
        assertThat(sets.contains("ports", ssh, List.of(SetDir.SRC))).contains(false);
        assertThat(sets.contains("ports", SetPacket.of(null, null, "udp", null, 8005), List.of())).contains(true);

        SetPacket fromBridge = SetPacket.of(ip("172.17.0.2"), ip("8.8.8.8"), "udp", 1, 53).withIfaces("docker0", "ext0");
        assertThat(sets.contains("ifn", fromBridge, List.of(SetDir.SRC, SetDir.SRC))).contains(true);
        assertThat(sets.contains("ifn", fromBridge, List.of(SetDir.SRC, SetDir.DST))).contains(false);
        assertThat(sets.contains("ifn", SetPacket.of(ip("172.17.0.2"), null, null, null, null),
                List.of(SetDir.SRC, SetDir.SRC))).isEmpty();

        SetPacket three = SetPacket.of(ip("1.2.3.4"), ip("5.6.7.8"), "tcp", 1000, 80);
        assertThat(sets.contains("odd", three, List.of(SetDir.SRC, SetDir.DST, SetDir.DST))).contains(true);
    }

    @Test
    void listSetAndUnknowns() {
        assertThat(sets.contains("all", ip("10.0.0.1"))).contains(true);
        assertThat(sets.contains("all", ip("fd00::5"))).contains(true);
        assertThat(sets.contains("all", ip("192.0.2.1"))).contains(false);

        assertThat(sets.contains("no-such-set", ip("10.0.0.1"))).isEmpty();
        IpSet weird = sets.get("weird").orElseThrow();
        assertThat(weird.modelled()).isFalse();
        assertThat(weird.entries()).extracting(IpSetEntry::raw).containsExactly("something-verbatim");
        assertThat(sets.contains("weird", ip("10.0.0.1"))).isEmpty();

        IpSets withUnknown = sets.with(IpSet.unknownContents("docker-ext-bridges-v4"));
        assertThat(withUnknown.contains("docker-ext-bridges-v4", ip("172.17.0.1"))).isEmpty();
    }
}
