package io.nflint.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs short external commands with a hard deadline; never inherits our stdin. */
final class Commands {

    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(20);

    // Not the common pool: with two CPUs it has one thread, and pipe draining blocks.
    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nflint-kernel-drain");
        t.setDaemon(true);
        return t;
    });

    private Commands() {
    }

    static CommandResult run(List<String> command) {
        return run(command, null, DEFAULT_DEADLINE);
    }

    static CommandResult run(List<String> command, String stdin, Duration deadline) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new CommandResult(command, 127, "", e.getMessage(), false);
        }
        // Drain both pipes concurrently so a chatty command cannot block on a full pipe.
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the command may exit before reading its input; its exit code tells the story
        }
        boolean finished;
        try {
            finished = p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        int code = finished ? p.exitValue() : -1;
        return new CommandResult(command, code, out.join(), err.join(), !finished);
    }

    /**
     * Like {@link #run(List, String, Duration)}, but stops the command as soon as a stdout line
     * satisfies {@code done}: a UDP client never sees EOF, and waiting out its timeout would make
     * every answered UDP probe as slow as an unanswered one.
     */
    static CommandResult runUntil(List<String> command, String stdin, Duration deadline,
                                  java.util.function.Predicate<String> done) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return new CommandResult(command, 127, "", e.getMessage(), false);
        }
        CompletableFuture<Void> matched = new CompletableFuture<>();
        StringBuffer out = new StringBuffer();
        CompletableFuture<Void> outDone = CompletableFuture.runAsync(() -> {
            try (var reader = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    out.append(line).append('\n');
                    if (done.test(line)) {
                        matched.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed under us; what we read so far is the answer
            }
        }, DRAINERS);
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // see run()
        }
        boolean timedOut = false;
        try {
            CompletableFuture.anyOf(matched, p.onExit()).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            timedOut = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        if (p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outDone.join();
        int code = matched.isDone() ? 0 : p.exitValue();
        return new CommandResult(command, code, out.toString(), err.join(), timedOut && !matched.isDone());
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (stream) {
                stream.transferTo(buf);
            } catch (IOException e) {
                // The JDK closes a dead process' pipe under a concurrent reader ("Stream closed");
                // what was read until then is all there is.
            }
            return buf.toString(StandardCharsets.UTF_8);
        }, DRAINERS);
    }
}
