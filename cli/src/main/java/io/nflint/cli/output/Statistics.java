package io.nflint.cli.output;

import io.nflint.cli.catalog.RuleCatalog;
import io.nflint.rules.Finding;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code --statistics}: how many findings each check reported, most first, then by ID. */
final class Statistics {

    private Statistics() {
    }

    static void print(List<Finding> findings, RuleCatalog catalog, PrintWriter err) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Finding f : findings) {
            counts.merge(f.id(), 1, Integer::sum);
        }
        int width = String.valueOf(counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)).length();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> err.printf("%" + width + "d  %s  %s%n", e.getValue(), e.getKey(), catalog.get(e.getKey()).name()));
        err.flush();
    }
}
