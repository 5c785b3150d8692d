package io.nflint.cli.check;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "checked 3/40 inputs" on stderr, redrawn in place, only on a terminal and only once the run has taken
 * over a second: short runs and logs stay clean.
 */
final class ProgressLine implements AutoCloseable {

    private static final long DELAY_MS = 1000;

    private final PrintWriter err;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private volatile boolean drawn;

    private ProgressLine(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        if (enabled) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nflint-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::draw, DELAY_MS, 200, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    static ProgressLine start(PrintWriter err, int total, boolean terminal) {
        return new ProgressLine(err, total, terminal && total > 0);
    }

    void advance() {
        done.incrementAndGet();
    }

    private synchronized void draw() {
        err.print("\rnflint: checked " + done.get() + "/" + total + " inputs");
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
