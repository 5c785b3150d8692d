package io.nflint.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs checks over one input and returns the findings sorted by file, line, column and ID. A check
 * that throws does not take the others down: the exception is rethrown after all ran, wrapped so
 * the CLI can report an internal error naming the check.
 */
public final class CheckRunner {

    private final List<Check> checks;
    private final Map<String, Severity> severityOverrides;

    public CheckRunner(List<Check> checks, Map<String, Severity> severityOverrides) {
        this.checks = List.copyOf(checks);
        this.severityOverrides = Map.copyOf(severityOverrides);
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

    public List<Finding> run(CheckContext context) {
        List<Finding> findings = new ArrayList<>();
        for (Check check : checks) {
            CheckInfo info = check.info();
            List<Finding> own = new ArrayList<>();
            try {
                check.run(context, new CollectingSink(info, own));
            } catch (RuntimeException | StackOverflowError e) {
                throw new CheckFailedException(info.id(), context.inputName(), e);
            }
            Severity override = severityOverrides.get(info.id());
            for (Finding f : own) {
                findings.add(override == null ? f : f.withSeverity(override));
            }
        }
        findings.sort(ORDER);
        return findings;
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
