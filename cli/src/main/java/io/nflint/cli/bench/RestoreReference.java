package io.nflint.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The reference: how long {@code iptables-restore --test} takes on the same file, run inside a
 * throw-away network namespace so it can never touch this host's rules, with its peak RSS when
 * GNU time is installed. Only as root with
 * {@code ip netns}; otherwise the table says why it is missing.
 */
final class RestoreReference {

    private static final Path TIME = Path.of("/usr/bin/time");

    private RestoreReference() {
    }

    static Measurement measure(Path dump) {
        String ns = "nflt-bench-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            if (run(List.of("ip", "netns", "add", ns)) != 0) {
                return Measurement.failed("iptables-restore --test", "n/a (needs root and ip netns)");
            }
            Path rssFile = Files.createTempFile("nflint-restore-rss", ".txt");
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            boolean timed = Files.isExecutable(TIME);
            if (timed) {
                // GNU time reports the child's peak RSS; its own start-up is a millisecond
                cmd.addAll(List.of(TIME.toString(), "-f", "%M", "-o", rssFile.toString()));
            }
            cmd.addAll(List.of("iptables-restore", "--test"));
            long start = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(dump.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return Measurement.failed("iptables-restore --test", "timed out");
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long rss = timed ? peakKb(rssFile) << 10 : -1;
            Files.deleteIfExists(rssFile);
            return p.exitValue() == 0 ? new Measurement("iptables-restore --test", millis, -1, rss < 0 ? -1 : rss, null)
                    : Measurement.failed("iptables-restore --test", "rejected (exit " + p.exitValue() + ")");
        } catch (IOException e) {
            return Measurement.failed("iptables-restore --test", "n/a (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Measurement.failed("iptables-restore --test", "interrupted");
        } finally {
            try {
                run(List.of("ip", "netns", "del", ns));
            } catch (IOException | InterruptedException ignored) {
                // the namespace was never made
            }
        }
    }

    static long peakKb(Path f) {
        try {
            List<String> lines = Files.readAllLines(f);
            return Long.parseLong(lines.get(lines.size() - 1).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
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
