package io.nflint.symbolic.logic;

import io.nflint.symbolic.z3.Z3Engine;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule logic on {@link RuleLogic#WORKERS} threads for large rule sets: a fixed split of the tasks
 * (task i to worker i % WORKERS), each worker with its own Z3 context and its own share of the work
 * limit, so what each examines, and the cores it finds, never depend on thread timing.
 */
final class RuleLogicWorkers {

    private RuleLogicWorkers() {
    }

    /**
     * Settles the tasks on {@link RuleLogic#WORKERS} threads, worker 0 being {@code self} and every other a
     * copy with its own engine (Z3 contexts are not shared between threads).
     */
    static void settleInParallel(RuleLogic self, List<RuleLogic.Task> tasks, RuleLogic.Result[] results, long share) {
        List<Z3Engine> engines = new ArrayList<>();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        List<RuleLogic> copies = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(RuleLogic.WORKERS - 1, x -> {
            Thread th = new Thread(x, "nflint-rule-logic");
            th.setDaemon(true);
            return th;
        });
        try {
            for (int w = 1; w < RuleLogic.WORKERS; w++) {
                Z3Engine e = Z3Engine.openOnDemand(self.engine.options);
                engines.add(e);
                RuleLogic copy = new RuleLogic(e, self.rs, self.share, self.examine, self.host);
                int worker = w;
                copies.add(copy);
                futures.add(pool.submit(() -> {
                    try {
                        copy.settleShare(tasks, results, worker, RuleLogic.WORKERS, share);
                    } catch (RuntimeException | Error failure) {
                        self.cancelled = true;
                        throw failure;
                    }
                }));
            }
            try {
                self.settleShare(tasks, results, 0, RuleLogic.WORKERS, share);
            } catch (RuntimeException | Error e) {
                copies.forEach(c -> c.cancelled = true);
                throw e;
            } finally {
                // never close a worker's engine while it may still be in a query
                for (java.util.concurrent.Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException ignored) {
                        // rethrown below when worker 0 succeeded
                    }
                }
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during rule logic", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            engines.forEach(Z3Engine::close);
        }
    }
}
