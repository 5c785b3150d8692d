package io.nflint.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference: how long {@code iptables-restore --test} takes on the same file, run inside a
 * throw-away network namespace so it can never touch this host's rules, with its peak RSS when
 * GNU time is installed. Only as root with
 * {@code ip netns}; otherwise the table says why it is missing.
 */
final class RestoreReference {

    private RestoreReference() {
    }

    static Measurement measure(Path dump) {
        return inNamespace("iptables-restore --test", List.of("iptables-restore", "--test"), dump);
    }

    /** {@code command} (reading {@code stdin} when not null) in a network namespace made for it and deleted after. */
    static Measurement inNamespace(String phase, List<String> command, Path stdin) {
        String ns = "nflt-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            if (run(List.of("ip", "netns", "add", ns)) != 0) {
                return Measurement.failed(phase, "n/a (needs root and ip netns)");
            }
            TimedChild run = TimedChild.run(List.of("ip", "netns", "exec", ns), command, stdin);
            return run.exit() == 0 ? new Measurement(phase, run.millis(), -1, run.peakRssBytes(), null, run.cpuMillis())
                    : Measurement.failed(phase, "rejected (exit " + run.exit() + ")");
        } catch (TimeoutException e) {
            return Measurement.failed(phase, "timed out");
        } catch (IOException e) {
            return Measurement.failed(phase, "n/a (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Measurement.failed(phase, "interrupted");
        } finally {
            try {
                run(List.of("ip", "netns", "del", ns));
            } catch (IOException | InterruptedException ignored) {
                // the namespace was never made
            }
        }
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    static boolean writable(Path p) {
        return Files.isWritable(p);
    }
}
