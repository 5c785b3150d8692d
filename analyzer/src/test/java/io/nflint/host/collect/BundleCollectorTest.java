package io.nflint.host.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nflint.host.Assumption;
import io.nflint.host.HostBundleLoader;
import io.nflint.host.HostModel;
import io.nflint.host.LoadedBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCollectorTest {

    /** A host with iptables and iproute2 but no ebtables, no docker daemon and no podman. */
    private static final class FakeHost implements CommandRunner {
        final List<List<String>> calls = new ArrayList<>();
        /** What {@code nft} answers: null when it is not installed. */
        CommandResult nft;
        final Map<String, CommandResult> byCommand = Map.of(
                "iptables-save", new CommandResult(0, "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", ""),
                "ip6tables-save", new CommandResult(0, "", ""),
                "ipset save", new CommandResult(0, "create s hash:ip family inet\nadd s 10.0.0.1\n", ""),
                "ip -j addr", new CommandResult(0, "[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\"],"
                        + "\"link_type\":\"loopback\",\"addr_info\":[{\"family\":\"inet\",\"local\":\"127.0.0.1\",\"prefixlen\":8}]},"
                        + "{\"ifindex\":2,\"ifname\":\"eth0.100\",\"flags\":[\"UP\"],\"addr_info\":[]}]", ""),
                "ip -j route", new CommandResult(0, "", ""),
                "ip -j -6 route", new CommandResult(0, "[]", ""),
                "ip -j -d link", new CommandResult(0, "[]", ""),
                "bridge -d -j link show", new CommandResult(0, "", ""),
                "docker ps -aq", new CommandResult(1, "", "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.\n"),
                "ss -Hltnup", new CommandResult(0, "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:((\"sshd\",pid=1,fd=3))\n", ""));

        @Override
        public CommandResult run(List<String> argv) throws IOException {
            calls.add(argv);
            if (String.join(" ", argv).equals("bridge -j fdb show")) {
                // a learned container MAC behind its veth, the veth's own (permanent) address, and the bridge's own entry
                return new CommandResult(0, "[{\"mac\":\"02:42:AC:11:00:03\",\"ifname\":\"veth1\",\"master\":\"docker0\",\"state\":\"\"},"
                        + "{\"mac\":\"9e:1d:2a:00:00:01\",\"ifname\":\"veth1\",\"master\":\"docker0\",\"state\":\"permanent\"},"
                        + "{\"mac\":\"33:33:00:00:00:01\",\"ifname\":\"docker0\",\"flags\":[\"self\"],\"state\":\"permanent\"}]", "");
            }
            if (argv.get(0).equals("nft")) {
                if (nft == null) {
                    throw new IOException("Cannot run program \"nft\": error=2, No such file or directory");
                }
                return nft;
            }
            if (argv.get(0).equals("sysctl")) {
                return new CommandResult(0, "net.ipv4.ip_forward = 1\nnet.ipv4.conf.eth0/100.route_localnet = 1\n", "");
            }
            CommandResult r = byCommand.get(String.join(" ", argv));
            if (r == null) {
                throw new IOException("Cannot run program \"" + argv.get(0) + "\": error=2, No such file or directory");
            }
            return r;
        }
    }

    @Test
    void anNftablesHostsRulesetJsonAndHooksAreCollected(@TempDir Path dir) throws Exception {
        FakeHost fake = new FakeHost();
        fake.nft = new CommandResult(0, "table inet filter {\n}\n", "");
        CollectReport report = new BundleCollector(fake).collect(dir.resolve("b"));
        assertThat(report.written()).extracting(CollectReport.Written::file).contains("nft.rules", "nft.json", "nft-hooks.txt");
        assertThat(fake.calls).contains(List.of("nft", "list", "ruleset"), List.of("nft", "-j", "list", "ruleset"),
                List.of("nft", "list", "hooks"));
        assertThat(Files.readString(dir.resolve("b/nft.rules"))).isEqualTo("table inet filter {\n}\n");
    }

    @Test
    void anNftThatMayNotReadTheRulesetStopsTheCollection(@TempDir Path dir) {
        FakeHost fake = new FakeHost();
        fake.nft = new CommandResult(1, "", "Error: Operation not permitted\n");
        assertThatThrownBy(() -> new BundleCollector(fake).collect(dir.resolve("b")))
                .isInstanceOf(RulesUnreadableException.class)
                .hasMessageContaining("nft list ruleset exited with 1: Error: Operation not permitted");
        assertThat(dir.resolve("b")).doesNotExist();
    }

    @Test
    void writesWhatItCanAndSaysWhyTheRestIsMissing(@TempDir Path dir) throws Exception {
        FakeHost fake = new FakeHost();
        CollectReport report = new BundleCollector(fake).collect(dir);

        assertThat(report.written()).extracting(CollectReport.Written::file).containsExactly(
                "iptables.rules", "ip6tables.rules", "ipset.save", "ip-addr.json", "ip-route.json", "ip6-route.json",
                "ip-link.json", "bridge-link.json", "bridge-fdb.json", "sysctl.txt", "ss-listen.txt");
        assertThat(report.skipped()).extracting(CollectReport.Skipped::file).containsExactly(
                "ebtables.rules", "nft.rules", "docker-inspect.json", "docker-network-inspect.json", "podman-inspect.json",
                "podman-network-inspect.json");
        assertThat(report.skipped().get(0).reason()).contains("ebtables-save could not be run");
        assertThat(report.skipped().get(1).reason()).contains("nft could not be run");
        assertThat(report.skipped().get(2).reason())
                .isEqualTo("docker ps -aq exited with 1: Cannot connect to the Docker daemon at unix:///var/run/docker.sock.");
        // blank JSON output becomes an empty list, so that the loader can read it
        assertThat(Files.readString(dir.resolve("ip-route.json"))).isEqualTo("[]\n");
        // per-interface sysctls are asked for, with a dotted name written the way sysctl wants it
        List<String> sysctl = fake.calls.stream().filter(c -> c.get(0).equals("sysctl")).findFirst().orElseThrow();
        assertThat(sysctl).contains("-e", "net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables",
                "net.ipv4.conf.lo.route_localnet", "net.ipv4.conf.eth0/100.route_localnet");

        LoadedBundle bundle = HostBundleLoader.load(dir);
        HostModel host = bundle.host();
        assertThat(host.sysctls().ipForward()).isTrue();
        assertThat(host.sysctls().routeLocalnet("eth0.100")).isTrue();
        assertThat(host.ipsets().contains("s", io.nflint.ir.Ip.v4(10, 0, 0, 1))).contains(true);
        assertThat(host.listeners()).extracting(l -> l.process()).containsExactly("sshd");
        assertThat(bundle.ebtablesRules()).isEmpty();
        // bridge fdb ties a MAC to the port it was learned on; a port's own permanent address does not count
        assertThat(host.portWithMac("docker0", "02:42:ac:11:00:03")).contains("veth1");
        assertThat(host.portWithMac("docker0", "9e:1d:2a:00:00:01")).isEmpty();
        assertThat(host.assumptions()).extracting(Assumption::file).contains("docker-inspect.json");
        assertThat(report.toString()).contains("wrote   iptables.rules  (iptables-save)");
    }

    @Test
    void inspectsEveryContainerTheListNames(@TempDir Path dir) throws Exception {
        List<List<String>> calls = new ArrayList<>();
        CommandRunner runner = argv -> {
            calls.add(argv);
            return switch (String.join(" ", argv)) {
                case "iptables-save" -> new CommandResult(0, "*filter\nCOMMIT\n", "");
                case "docker ps -aq" -> new CommandResult(0, "aaa\nbbb\n", "");
                case "docker inspect -- aaa bbb" -> new CommandResult(0, "[{\"Id\":\"aaa\"},{\"Id\":\"bbb\"}]", "");
                case "docker network ls -q" -> new CommandResult(0, "\n", "");
                default -> throw new IOException("not here");
            };
        };
        CollectReport report = new BundleCollector(runner).collect(dir);
        assertThat(report.wrote("docker-inspect.json")).isTrue();
        assertThat(Files.readString(dir.resolve("docker-network-inspect.json"))).isEqualTo("[]\n");
        assertThat(calls).contains(List.of("docker", "inspect", "--", "aaa", "bbb"));
        assertThat(HostBundleLoader.load(dir).host().containers()).extracting(c -> c.id()).containsExactly("aaa", "bbb");
    }
}
