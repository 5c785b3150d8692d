package io.nflint.host.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.host.HostBundleLoader;
import io.nflint.host.HostModel;
import io.nflint.host.InterfaceKind;
import io.nflint.host.RouteType;
import io.nflint.ir.Ip;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the collector for real inside a throw-away network namespace. Everything that changes
 * network state ({@code ip -n NS …}) happens inside that namespace, never in the root one.
 */
@Tag("kernel")
class BundleCollectorNetnsTest {

    private static final String PREFIX = "nflt-host-";
    private final ProcessCommandRunner host = new ProcessCommandRunner(List.of(), Duration.ofSeconds(30));

    private CommandResult sh(String... argv) throws IOException {
        return host.run(List.of(argv));
    }

    private void must(String... argv) throws IOException {
        CommandResult r = sh(argv);
        if (!r.ok()) {
            throw new AssertionError(String.join(" ", argv) + " failed: " + r.stderr());
        }
    }

    @Test
    void collectsAFreshNamespace(@TempDir Path dir) throws Exception {
        String why = unavailable();
        if (why != null) {
            System.out.println("BundleCollectorNetnsTest skipped: " + why);
            Assumptions.abort(why);
        }
        cleanStale();
        String ns = PREFIX + UUID.randomUUID().toString().substring(0, 8);
        must("ip", "netns", "add", ns);
        try {
            must("ip", "-n", ns, "link", "set", "lo", "up");
            must("ip", "-n", ns, "link", "add", "br0", "type", "bridge");
            must("ip", "-n", ns, "addr", "add", "10.9.0.1/24", "dev", "br0");
            must("ip", "-n", ns, "link", "set", "br0", "up");

            CommandRunner inNs = new ProcessCommandRunner(List.of("ip", "netns", "exec", ns), Duration.ofSeconds(30));
            CollectReport report = new BundleCollector(inNs).collect(dir);
            System.out.print(report);

            assertThat(report.written()).extracting(CollectReport.Written::file)
                    .contains("ip-addr.json", "ip-route.json", "ip-link.json", "sysctl.txt");
            HostModel model = HostBundleLoader.load(dir).host();
            assertThat(model.iface("br0").orElseThrow().kind()).isEqualTo(InterfaceKind.BRIDGE);
            assertThat(model.iface("lo").orElseThrow().kind()).isEqualTo(InterfaceKind.LOOPBACK);
            assertThat(model.routeLookup(Ip.v4(10, 9, 0, 7)).orElseThrow().device()).isEqualTo("br0");
            assertThat(model.routeLookup(Ip.v4(10, 9, 0, 1)).orElseThrow().type()).isEqualTo(RouteType.LOCAL);
            assertThat(model.routeLookup(Ip.v4(8, 8, 8, 8))).isEmpty();
            // a fresh namespace starts with forwarding off
            assertThat(model.sysctls().ipForwardSetting().given()).isTrue();
            assertThat(model.sysctls().ipForward()).isFalse();
        } finally {
            sh("ip", "netns", "delete", ns);
        }
    }

    /** Null when we can run; else the reason. */
    private String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root (running as " + System.getProperty("user.name") + ")";
        }
        try {
            CommandResult r = sh("ip", "netns", "list");
            return r.ok() ? null : "ip netns does not work: " + r.firstErrorLine();
        } catch (IOException e) {
            return "ip is not available: " + e.getMessage();
        }
    }

    /** Namespaces left behind by an earlier, killed run of this test. */
    private void cleanStale() throws IOException {
        for (String line : sh("ip", "netns", "list").stdout().lines().toList()) {
            String name = line.split("\\s+")[0];
            if (name.startsWith(PREFIX)) {
                sh("ip", "netns", "delete", name);
            }
        }
    }
}
