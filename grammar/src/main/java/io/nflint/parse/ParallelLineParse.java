package io.nflint.parse;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Parses the lines of a large dump on all cores and hands them over in file order. Lines are
 * independent for the grammar; only applying them (tables, chains, -I/-D) is sequential, and that
 * stays on the caller's thread. A bounded window of chunks keeps the parse streaming: at most a few
 * chunks of {@link LineSyntax} exist at a time, never a whole file's.
 */
final class ParallelLineParse {

    /** Below this, thread hand-over costs more than it saves (a Docker host's dump is ~100 lines). */
    static final int MIN_LINES = 4096;
    private static final int CHUNK = 1024;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final ThreadLocal<LineParser> PARSERS = ThreadLocal.withInitial(LineParser::new);

    private static volatile ExecutorService pool;

    private ParallelLineParse() {
    }

    static boolean worthIt(int lines) {
        return CORES > 1 && lines >= MIN_LINES;
    }

    /**
     * Calls {@code apply} for every line in order with what {@code parse} made of it; {@code parse}
     * runs on pool threads with a parser of their own.
     */
    /** A parsed line, with its rule when the parse thread could assemble it. */
    record Parsed(LineSyntax syntax, PreparedAppend prepared) {
    }

    /** Receives the lines in file order. */
    interface Apply {
        void accept(SourceText.Line line, Parsed parsed);
    }

    /** Parses line {@code index} of the file with the thread's own parser. */
    interface Parse {
        Parsed parse(LineParser parser, int index);
    }

    static void run(List<SourceText.Line> lines, Parse parse, Apply apply) {
        ExecutorService exec = pool();
        ArrayDeque<Future<Parsed[]>> window = new ArrayDeque<>();
        int maxInFlight = 2 * CORES + 2;
        int next = 0;
        int applied = 0;
        try {
            while (applied < lines.size()) {
                while (window.size() < maxInFlight && next < lines.size()) {
                    int from = next;
                    int to = Math.min(lines.size(), from + CHUNK);
                    window.add(exec.submit(() -> parseChunk(lines, from, to, parse)));
                    next = to;
                }
                Parsed[] done = await(window.removeFirst());
                for (Parsed s : done) {
                    apply.accept(lines.get(applied), s);
                    applied++;
                }
            }
        } finally {
            window.forEach(f -> f.cancel(true));
        }
    }

    private static Parsed[] parseChunk(List<SourceText.Line> lines, int from, int to, Parse parse) {
        LineParser parser = PARSERS.get();
        Parsed[] out = new Parsed[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = parse.parse(parser, i);
        }
        return out;
    }

    private static Parsed[] await(Future<Parsed[]> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (ParallelLineParse.class) {
                p = pool;
                if (p == null) {
                    p = Executors.newFixedThreadPool(CORES, r -> {
                        Thread t = new Thread(r, "nflint-parse");
                        t.setDaemon(true);
                        return t;
                    });
                    pool = p;
                }
            }
        }
        return p;
    }
}
