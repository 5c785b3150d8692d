package io.nflint.rules.baseline;

import io.nflint.rules.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings accepted as they are, counted per key: a key seen twice in the baseline hides two findings
 * with that key, and a third one is new. Reading and writing the file is the CLI's business.
 */
public final class Baseline {

    private final Map<FindingKey, Integer> counts;

    public Baseline(Map<FindingKey, Integer> counts) {
        this.counts = Map.copyOf(counts);
    }

    public static Baseline of(List<Finding> findings) {
        Map<FindingKey, Integer> counts = new LinkedHashMap<>();
        for (Finding f : findings) {
            counts.merge(FindingKey.of(f), 1, Integer::sum);
        }
        return new Baseline(counts);
    }

    public Map<FindingKey, Integer> counts() {
        return counts;
    }

    public record Split(List<Finding> fresh, List<Finding> known) {
        public Split {
            fresh = List.copyOf(fresh);
            known = List.copyOf(known);
        }
    }

    /** Splits findings (in their order) into new ones and ones the baseline already holds. */
    public Split split(List<Finding> findings) {
        Map<FindingKey, Integer> left = new HashMap<>(counts);
        List<Finding> fresh = new ArrayList<>();
        List<Finding> known = new ArrayList<>();
        for (Finding f : findings) {
            FindingKey key = FindingKey.of(f);
            int n = left.getOrDefault(key, 0);
            if (n > 0) {
                left.put(key, n - 1);
                known.add(f);
            } else {
                fresh.add(f);
            }
        }
        return new Split(fresh, known);
    }
}
