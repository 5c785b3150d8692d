package io.nflint.host.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * collect run by a user without CAP_NET_ADMIN, for real: the host's own iptables-save refuses, and
 * the collector writes nothing and says which command failed and why. (BundleCollectorSafetyTest
 * holds the same with a fake runner; this one proves the fake's message is the one a real host
 * prints.) The commands only read rule sets and fail, so they run in the root namespace.
 */
@Tag("kernel")
class BundleCollectorUnprivilegedTest {

    private static final List<String> AS_NOBODY =
            List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all");

    @Test
    void anUnprivilegedUserGetsExitTwoWorthyReasonAndNoBundle(@TempDir Path tmp) throws IOException {
        String why = unavailable();
        if (why != null) {
            System.out.println("BundleCollectorUnprivilegedTest skipped: " + why);
            Assumptions.abort(why);
        }
        Path dir = tmp.resolve("bundle");
        CommandRunner unprivileged = new ProcessCommandRunner(AS_NOBODY, Duration.ofSeconds(30));
        assertThatThrownBy(() -> new BundleCollector(unprivileged).collect(dir))
                .isInstanceOf(RulesUnreadableException.class)
                .hasMessageContaining("iptables-save exited with 4")
                .hasMessageContaining("Permission denied (you must be root)")
                .hasMessageContaining("CAP_NET_ADMIN");
        assertThat(dir).doesNotExist();
    }

    private static String unavailable() throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root to drop to an unprivileged user (running as " + System.getProperty("user.name") + ")";
        }
        CommandResult r = new ProcessCommandRunner(List.of(), Duration.ofSeconds(10))
                .run(List.of("sh", "-c", "command -v setpriv && command -v iptables-save"));
        return r.ok() ? null : "setpriv or iptables-save is not installed";
    }
}
