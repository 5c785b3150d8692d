package io.nflint.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The reference: how long {@code iptables-restore --test} takes on the same file, run inside a
 * throw-away network namespace so it can never touch this host's rules. Only as root with
 * {@code ip netns}; otherwise the table says why it is missing.
 */
final class RestoreReference {

    private RestoreReference() {
    }

    static Measurement measure(Path dump) {
        String ns = "nflt-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            if (run(List.of("ip", "netns", "add", ns)) != 0) {
                return new Measurement("iptables-restore --test", -1, -1, "n/a (needs root and ip netns)");
            }
            long start = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", ns, "iptables-restore", "--test")
                    .redirectInput(dump.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Measurement("iptables-restore --test", -1, -1, "timed out");
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return p.exitValue() == 0 ? new Measurement("iptables-restore --test", millis, -1, null)
                    : new Measurement("iptables-restore --test", -1, -1, "rejected (exit " + p.exitValue() + ")");
        } catch (IOException e) {
            return new Measurement("iptables-restore --test", -1, -1, "n/a (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Measurement("iptables-restore --test", -1, -1, "interrupted");
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
