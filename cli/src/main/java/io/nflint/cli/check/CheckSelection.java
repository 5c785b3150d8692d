package io.nflint.cli.check;

import io.nflint.cli.NflintException;
import io.nflint.cli.config.Config;
import io.nflint.rules.Check;
import io.nflint.rules.Severity;
import io.nflint.rules.suppress.UnusedSuppressionCheck;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which checks run and at which severity: {@code --enable} replaces the config's {@code enable},
 * {@code --disable} adds to its {@code disable}; an ID may be a prefix ({@code NFL3}).
 */
record CheckSelection(List<Check> checks, Set<String> knownIds, Set<String> ranIds, Map<String, Severity> severity) {

    static CheckSelection of(List<Check> all, Config config, List<String> cliEnable, List<String> cliDisable) {
        Set<String> known = new TreeSet<>();
        for (Check c : all) {
            known.add(c.info().id());
        }
        Set<String> enable = cliEnable.isEmpty() ? config.enable() : validated(cliEnable, known, "--enable");
        Set<String> disable = new LinkedHashSet<>(config.disable());
        disable.addAll(validated(cliDisable, known, "--disable"));
        List<Check> chosen = new ArrayList<>();
        Set<String> ran = new TreeSet<>();
        for (Check c : all) {
            String id = c.info().id();
            if ((enable.isEmpty() || matchesAny(id, enable)) && !matchesAny(id, disable)) {
                chosen.add(c);
                ran.add(id);
            }
        }
        return new CheckSelection(chosen, known, ran, config.severity());
    }

    /** NFL090's severity, or null when it is disabled. */
    Severity unusedSuppressionSeverity() {
        if (!ranIds.contains(UnusedSuppressionCheck.ID)) {
            return null;
        }
        return severity.getOrDefault(UnusedSuppressionCheck.ID,
                new UnusedSuppressionCheck().info().severity());
    }

    private static boolean matchesAny(String id, Collection<String> patterns) {
        for (String p : patterns) {
            if (id.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> validated(List<String> ids, Set<String> known, String option) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : ids) {
            String id = raw.strip().toUpperCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            boolean ok = known.contains(id) || (id.startsWith("NFL") && known.stream().anyMatch(k -> k.startsWith(id)));
            if (!ok) {
                throw NflintException.usage(option + ": unknown check ID '" + raw + "' (nflint rules lists them)");
            }
            out.add(id);
        }
        return out;
    }
}
