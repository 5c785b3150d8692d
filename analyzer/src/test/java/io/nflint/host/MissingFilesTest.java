package io.nflint.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ip;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MissingFilesTest {

    @TempDir
    Path dir;

    @Test
    void emptyDirectoryGivesKernelDefaultsAndSaysSo() throws Exception {
        LoadedBundle b = HostBundleLoader.load(dir);
        HostModel host = b.host();
        Sysctls s = host.sysctls();
        assertThat(s.ipForward()).isFalse();
        assertThat(s.ipForwardSetting().given()).isFalse();
        assertThat(s.ipv6Forwarding()).isFalse();
        assertThat(s.bridgeNfCallIptables()).isTrue();
        assertThat(s.bridgeNfCallIp6tables()).isTrue();
        assertThat(s.bridgeNfCallIptablesSetting().given()).isFalse();
        assertThat(s.routeLocalnet("docker0")).isFalse();
        assertThat(s.raw()).isEmpty();

        assertThat(host.assumptions()).filteredOn(a -> a.file().equals("sysctl.txt")).singleElement()
                .extracting(Assumption::text).asString()
                .startsWith("sysctl.txt is missing: assumed kernel defaults net.ipv4.ip_forward = 0, ")
                .contains("net.bridge.bridge-nf-call-iptables = 1", "net.ipv6.conf.all.forwarding = 0");
        assertThat(host.assumptions()).extracting(Assumption::file).contains("ip-addr.json", "ip-route.json",
                "ip6-route.json", "ipset.save", "docker-inspect.json", "docker-network-inspect.json", "ss-listen.txt",
                "bridge-link.json");
        assertThat(b.iptablesRules()).isEmpty();
        assertThat(host.interfaces()).isEmpty();
        assertThat(host.routeLookup(Ip.v4(8, 8, 8, 8))).isEmpty();
    }

    @Test
    void partialSysctlFileNamesEachAssumedKey() throws Exception {
        Files.writeString(dir.resolve("sysctl.txt"), "net.ipv4.conf.all.forwarding=1\nnet.ipv4.conf.all.route_localnet = 1\n");
        HostModel host = HostBundleLoader.load(dir).host();
        assertThat(host.sysctls().ipForward()).isTrue();
        assertThat(host.sysctls().ipForwardSetting().key()).isEqualTo("net.ipv4.conf.all.forwarding");
        assertThat(host.sysctls().routeLocalnet("anything")).isTrue();
        assertThat(host.assumptions()).extracting(Assumption::text)
                .contains("sysctl.txt does not set net.bridge.bridge-nf-call-iptables: assumed 1 (kernel default)",
                        "sysctl.txt does not set net.ipv6.conf.all.forwarding: assumed 0 (kernel default)")
                .noneMatch(t -> t.contains("net.ipv4.ip_forward"));
    }

    @Test
    void withoutRouteFileTheConnectedRoutesAreAssumed() throws Exception {
        Files.copy(Corpus.bundle("docker-20.10.24", "b-default-bridge-publish-8080").resolve("ip-addr.json"),
                dir.resolve("ip-addr.json"));
        Files.writeString(dir.resolve("notes.txt"), "hello");
        LoadedBundle b = HostBundleLoader.load(dir);
        HostModel host = b.host();
        assertThat(host.routeLookup(Ip.v4(172, 17, 0, 9)).orElseThrow().device()).isEqualTo("docker0");
        assertThat(host.routeLookup(Ip.v4(8, 8, 8, 8))).isEmpty();
        assertThat(host.assumptions()).extracting(Assumption::text).anyMatch(t ->
                t.startsWith("ip-route.json is missing: IPv4 routes are assumed to be only the 2 on-link prefix route(s)"));
        assertThat(b.ignored()).containsExactly(dir.resolve("notes.txt"));
    }
}
