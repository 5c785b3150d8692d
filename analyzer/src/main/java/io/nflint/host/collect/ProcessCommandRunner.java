package io.nflint.host.collect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes, optionally behind a prefix such as
 * {@code ip netns exec NS}, with the C locale so that tools print what the readers expect.
 */
public final class ProcessCommandRunner implements CommandRunner {

    private final List<String> prefix;
    private final Duration timeout;

    public ProcessCommandRunner() {
        this(List.of(), Duration.ofSeconds(60));
    }

    public ProcessCommandRunner(List<String> prefix, Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.timeout = timeout;
    }

    @Override
    public CommandResult run(List<String> argv) throws IOException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("LC_ALL", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        // drain both pipes at once, or a chatty command blocks on a full pipe
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new CommandResult(-1, out.get(), "timed out after " + timeout.toSeconds() + " s");
            }
            return new CommandResult(p.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + full, e);
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of " + full, e.getCause());
        }
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
