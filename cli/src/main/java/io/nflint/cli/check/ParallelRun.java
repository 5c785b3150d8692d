package io.nflint.cli.check;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks inputs on a bounded pool and returns results in input order, so output does not depend on
 * which thread finished first. One input runs on the calling thread: no pool for the common case.
 */
final class ParallelRun {

    private ParallelRun() {
    }

    static List<InputResult> run(CheckPipeline pipeline, List<InputSource> sources, PrintWriter err, boolean terminal)
            throws ExecutionException, InterruptedException {
        if (sources.size() == 1) {
            return List.of(pipeline.process(sources.get(0)));
        }
        int threads = Math.max(1, Math.min(sources.size(), Runtime.getRuntime().availableProcessors()));
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nflint-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try (ProgressLine progress = ProgressLine.start(err, sources.size(), terminal)) {
            List<Future<InputResult>> futures = new ArrayList<>();
            for (InputSource s : sources) {
                futures.add(pool.submit(() -> {
                    InputResult r = pipeline.process(s);
                    progress.advance();
                    return r;
                }));
            }
            List<InputResult> results = new ArrayList<>();
            for (Future<InputResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
