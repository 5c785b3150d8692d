package io.nflint.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a child process for the bench: wall time, exit status and, when GNU time is installed,
 * the child's own peak RSS and user + system CPU time ({@code peakRssBytes} and {@code cpuMillis} -1
 * otherwise). Output is discarded.
 */
record TimedChild(long millis, int exit, long peakRssBytes, long cpuMillis) {

    private static final Path TIME = Path.of("/usr/bin/time");

    /**
     * Runs {@code wrapper} (e.g. {@code ip netns exec NS}, or nothing), then GNU time, then
     * {@code command}, with {@code stdin} as input when not null.
     */
    static TimedChild run(List<String> wrapper, List<String> command, Path stdin)
            throws IOException, InterruptedException, TimeoutException {
        Path rssFile = Files.createTempFile("nflint-bench-rss", ".txt");
        try {
            List<String> cmd = new ArrayList<>(wrapper);
            boolean timed = Files.isExecutable(TIME);
            if (timed) {
                // GNU time reports the child's peak RSS; its own start-up is a millisecond
                cmd.addAll(List.of(TIME.toString(), "-f", "%M %U %S", "-o", rssFile.toString()));
            }
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new TimeoutException(String.join(" ", command));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long[] usage = timed ? usage(rssFile) : null;
            return usage == null ? new TimedChild(millis, p.exitValue(), -1, -1)
                    : new TimedChild(millis, p.exitValue(), usage[0] << 10, usage[1]);
        } finally {
            Files.deleteIfExists(rssFile);
        }
    }

    /** GNU time's last line: peak RSS in KB, then user and system seconds (two decimals); null if unreadable. */
    private static long[] usage(Path f) {
        try {
            List<String> lines = Files.readAllLines(f);
            String[] w = lines.get(lines.size() - 1).strip().split("\\s+");
            long cpu = Math.round((Double.parseDouble(w[1]) + Double.parseDouble(w[2])) * 1000);
            return new long[] {Long.parseLong(w[0]), cpu};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
