package io.nflint.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs checks over one input and returns the findings sorted by file, line, column and ID. Checks
 * are independent, so they run on as many threads as there are cores (the result does not depend
 * on which finished first). A check that throws does not take the others down: the exception of the
 * first failing check in registry order is rethrown after all ran, wrapped so the CLI can report
 * an internal error naming the check.
 */
public final class CheckRunner {

    private final List<Check> checks;
    private final Map<String, Severity> severityOverrides;
    private final int threads;

    public CheckRunner(List<Check> checks, Map<String, Severity> severityOverrides) {
        this(checks, severityOverrides, Runtime.getRuntime().availableProcessors());
    }

    private CheckRunner(List<Check> checks, Map<String, Severity> severityOverrides, int threads) {
        this.checks = List.copyOf(checks);
        this.severityOverrides = Map.copyOf(severityOverrides);
        this.threads = Math.max(1, threads);
    }

    public static CheckRunner allChecks() {
        return new CheckRunner(CheckRegistry.all(), Map.of());
    }

    /** Keeps only the checks whose ID is in {@code enabled} (all when null) and not in {@code disabled}. */
    public static CheckRunner select(Set<String> enabled, Set<String> disabled, Map<String, Severity> overrides) {
        List<Check> chosen = CheckRegistry.all().stream()
                .filter(c -> enabled == null || enabled.contains(c.info().id()))
                .filter(c -> !disabled.contains(c.info().id()))
                .toList();
        return new CheckRunner(chosen, overrides);
    }

    /** The same checks on at most {@code n} threads (1: one after the other, on the calling thread). */
    public CheckRunner withThreads(int n) {
        return new CheckRunner(checks, severityOverrides, n);
    }

    public List<Finding> run(CheckContext context) {
        List<List<Finding>> own = new ArrayList<>(checks.size());
        Throwable[] failures = new Throwable[checks.size()];
        for (int i = 0; i < checks.size(); i++) {
            own.add(new ArrayList<>());
        }
        if (threads == 1 || checks.size() < 2) {
            for (int i = 0; i < checks.size(); i++) {
                runOne(i, context, own.get(i), failures);
                throwIfFailed(i, context, failures);
            }
        } else {
            runInParallel(context, own, failures);
            for (int i = 0; i < checks.size(); i++) {
                throwIfFailed(i, context, failures);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Severity override = severityOverrides.get(checks.get(i).info().id());
            for (Finding f : own.get(i)) {
                findings.add(override == null ? f : f.withSeverity(override));
            }
        }
        findings = OwnedChains.collapse(findings);
        findings.sort(ORDER);
        return findings;
    }

    private void runOne(int i, CheckContext context, List<Finding> into, Throwable[] failures) {
        Check check = checks.get(i);
        try {
            check.run(context, new CollectingSink(check.info(), into));
        } catch (RuntimeException | StackOverflowError e) {
            failures[i] = e;
        }
    }

    private void throwIfFailed(int i, CheckContext context, Throwable[] failures) {
        if (failures[i] != null) {
            throw new CheckFailedException(checks.get(i).info().id(), context.inputName(), failures[i]);
        }
    }

    private void runInParallel(CheckContext context, List<List<Finding>> own, Throwable[] failures) {
        Integer[] order = new Integer[checks.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(this::startRank));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, checks.size()), r -> {
            Thread t = new Thread(r, "nflint-checks-" + context.inputName());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i : order) {
                futures.add(pool.submit(() -> runOne(i, context, own.get(i), failures)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + context.inputName(), e);
        } catch (ExecutionException e) {
            // runOne keeps what checks throw; only errors such as OutOfMemoryError get here
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The order checks start in, so the long ones do not start last on a two-core machine: the first
     * symbolic check computes the rule-logic report, walker checks share the walk set-up, structural
     * checks are short; later symbolic checks only read the first one's report and would hold a
     * thread waiting for it, so they start last.
     */
    private int startRank(int i) {
        List<Engine> engines = List.of(checks.get(i).info().engines());
        if (engines.contains(Engine.SYMBOLIC)) {
            for (int k = 0; k < i; k++) {
                if (List.of(checks.get(k).info().engines()).contains(Engine.SYMBOLIC)) {
                    return 3;
                }
            }
            return 0;
        }
        return engines.contains(Engine.WALKER) ? 1 : 2;
    }

    public static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.span().file())
            .thenComparingInt(f -> f.span().line())
            .thenComparingInt(f -> f.span().column())
            .thenComparing(Finding::id)
            .thenComparing(Finding::message);

    /** A check crashed; carries which one, for a one-line internal-error message. */
    public static final class CheckFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String checkId;

        CheckFailedException(String checkId, String input, Throwable cause) {
            super("check " + checkId + " failed on " + input + ": " + cause, cause);
            this.checkId = checkId;
        }

        public String checkId() {
            return checkId;
        }
    }

}
