package io.nflint.parse;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The syntax of a dump's lines, in order, for the builder that applies them. Lines parse
 * independently, so on a large dump worker threads (each with its own lexer and parser) parse
 * chunks of lines ahead while the builder applies the earlier ones: the ANTLR half of the work
 * runs beside the rule assembly. The workers stay a few chunks ahead only, so the parse results
 * die young as they would on one thread. Lines with a NUL byte are not parsed (null).
 */
final class LineFeed implements AutoCloseable {

    private static final int CHUNK = 1024;
    /** Chunks parsed but not yet applied, at most. */
    private static final int AHEAD = 3;
    /** Below this many lines a thread costs more than it saves. */
    private static final int PARALLEL_FROM = 4 * CHUNK;
    private static final int MAX_WORKERS = 4;

    private final String file;
    private final List<SourceText.Line> lines;
    private final LineParser local;
    /**
     * Parsed chunks waiting for the builder, cleared as it takes them: a completed future would keep
     * its chunk reachable from the old generation after the builder dropped it.
     */
    private final LineSyntax[][] ready;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final Semaphore ahead = new Semaphore(AHEAD);
    private final int workers;
    private Throwable failure;
    private volatile boolean closed;
    private int position;
    private int currentChunk = -1;
    private LineSyntax[] current;

    private LineFeed(String file, List<SourceText.Line> lines, int workers) {
        this.file = file;
        this.lines = lines;
        this.workers = workers;
        if (workers == 0) {
            this.local = new LineParser();
            this.ready = null;
            return;
        }
        this.local = null;
        this.ready = new LineSyntax[(lines.size() + CHUNK - 1) / CHUNK][];
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(this::work, "nflint-parse-" + w);
            t.setDaemon(true);
            t.start();
        }
    }

    /** A feed over {@code lines}; parses ahead on other threads when the dump is large and there are cores for it. */
    static LineFeed of(String file, List<SourceText.Line> lines, boolean parallel) {
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = !parallel || lines.size() < PARALLEL_FROM || cores < 2 ? 0 : Math.max(2, Math.min(cores, MAX_WORKERS));
        return new LineFeed(file, lines, workers);
    }

    /** The next line's syntax, or null for a line with a NUL byte. */
    LineSyntax next() {
        int i = position++;
        if (local != null) {
            return parse(local, lines.get(i));
        }
        int c = i / CHUNK;
        if (c != currentChunk) {
            if (currentChunk >= 0) {
                ahead.release();
            }
            currentChunk = c;
            current = take(c);
        }
        return current[i % CHUNK];
    }

    private synchronized LineSyntax[] take(int c) {
        boolean interrupted = false;
        try {
            while (ready[c] == null && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        LineSyntax[] out = ready[c];
        ready[c] = null;
        return out;
    }

    private synchronized void put(int c, LineSyntax[] chunk, Throwable t) {
        if (t != null) {
            failure = failure == null ? t : failure;
        } else {
            ready[c] = chunk;
        }
        notifyAll();
    }

    private LineSyntax parse(LineParser parser, SourceText.Line line) {
        return line.text().indexOf('\0') >= 0 ? null : parser.parse(file, line);
    }

    private void work() {
        LineParser parser = new LineParser();
        while (true) {
            ahead.acquireUninterruptibly();
            int c = closed ? ready.length : nextChunk.getAndIncrement();
            if (c >= ready.length) {
                // let the next worker see the end too
                ahead.release();
                return;
            }
            try {
                int from = c * CHUNK;
                int to = Math.min(lines.size(), from + CHUNK);
                LineSyntax[] out = new LineSyntax[to - from];
                for (int i = from; i < to; i++) {
                    out[i - from] = parse(parser, lines.get(i));
                }
                put(c, out, null);
            } catch (RuntimeException | Error e) {
                put(c, null, e);
            }
        }
    }

    /** Stops the workers (when the builder is done, or gave up early). */
    @Override
    public void close() {
        if (ready != null) {
            closed = true;
            ahead.release(workers);
        }
    }
}
