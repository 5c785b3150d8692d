package io.nflint.cli.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * What a user waits for: {@code nflint check FILE} in a new JVM, start-up included, with the JVM
 * options the {@code ./nflint} launcher gives short runs (it passes them in
 * {@code NFLINT_CHECK_JVM}) and its class-data archive when there is one. Peak RSS comes from GNU
 * time when installed. Only when bench itself runs from the shaded jar.
 */
final class ColdCheck {

    static final String PHASE = "check, new JVM";
    private static final String DEFAULT_OPTS = "-XX:+UseParallelGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData";

    private ColdCheck() {
    }

    static Measurement measure(Path dump) {
        return measureCommand(PHASE, List.of("check", "--format", "json", dump.toString()), 1);
    }

    /** {@code nflint ARGS} in a fresh JVM; an exit above {@code maxExit} is a failure the table shows. */
    static Measurement measureCommand(String phase, List<String> args, int maxExit) {
        Path jar = ownJar();
        if (jar == null) {
            return Measurement.failed(phase, "n/a (not run from nflint.jar)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        String opts = System.getenv("NFLINT_CHECK_JVM");
        for (String o : (opts == null || opts.isBlank() ? DEFAULT_OPTS : opts).trim().split("\\s+")) {
            cmd.add(o);
        }
        Path jsa = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".jsa"));
        if (Files.isReadable(jsa)) {
            cmd.add("-XX:SharedArchiveFile=" + jsa);
            cmd.add("-Xshare:auto");
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(args);
        try {
            TimedChild run = TimedChild.run(List.of(), cmd, null);
            // 0: no findings, 1: findings; anything else is a failure the table must show
            return run.exit() > maxExit ? Measurement.failed(phase, "failed (exit " + run.exit() + ")")
                    : new Measurement(phase, run.millis(), -1, run.peakRssBytes(), null, run.cpuMillis());
        } catch (TimeoutException e) {
            return Measurement.failed(phase, "timed out");
        } catch (IOException e) {
            return Measurement.failed(phase, "n/a (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Measurement.failed(phase, "interrupted");
        }
    }

    private static Path ownJar() {
        try {
            Path p = Path.of(ColdCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
