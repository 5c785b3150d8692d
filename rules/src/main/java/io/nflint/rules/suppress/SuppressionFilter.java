package io.nflint.rules.suppress;

import io.nflint.ir.Ruleset;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.rules.Finding;
import io.nflint.rules.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops the findings that a directive in the input covers, after all checks ran (checks never see
 * directives), and reports NFL090 for directives that covered nothing or name unknown checks.
 */
public final class SuppressionFilter {

    /**
     * {@code knownIds}: every check ID that exists; {@code ranIds}: the ones that ran this time (a
     * directive for a disabled check is not "unused"); {@code unusedSeverity}: NFL090's severity, or
     * null when NFL090 is disabled.
     */
    public record Options(Set<String> knownIds, Set<String> ranIds, Severity unusedSeverity) {
        public Options {
            knownIds = Set.copyOf(knownIds);
            ranIds = Set.copyOf(ranIds);
        }
    }

    /** {@code kept} includes the NFL090 findings, unsorted. */
    public record Result(List<Finding> kept, List<Finding> suppressed, List<Suppression> directives) {
        public Result {
            kept = List.copyOf(kept);
            suppressed = List.copyOf(suppressed);
            directives = List.copyOf(directives);
        }
    }

    private SuppressionFilter() {
    }

    public static Result apply(List<Finding> findings, List<Ruleset> rulesets, Options options) {
        return apply(findings, rulesets, List.of(), options);
    }

    /** Also the directives of native nftables inputs (and the files they include). */
    public static Result apply(List<Finding> findings, List<Ruleset> rulesets, List<NftRuleset> nftRulesets,
                               Options options) {
        SuppressionIndex index = SuppressionIndex.of(rulesets, nftRulesets);
        Map<Suppression, Set<String>> used = new IdentityHashMap<>();
        List<Finding> kept = new ArrayList<>();
        List<Finding> suppressed = new ArrayList<>();
        for (Finding f : findings) {
            boolean hit = false;
            if (f.span() != null) {
                for (Suppression s : index.covering(f.span().file(), f.span().line())) {
                    if (s.ids().contains(f.id())) {
                        used.computeIfAbsent(s, k -> new HashSet<>()).add(f.id());
                        hit = true;
                    }
                }
            }
            (hit ? suppressed : kept).add(f);
        }
        if (options.unusedSeverity() != null) {
            for (Suppression s : index.all()) {
                for (String id : s.ids()) {
                    unusedFinding(s, id, used.getOrDefault(s, Set.of()), options).ifPresent(kept::add);
                }
            }
        }
        return new Result(kept, suppressed, index.all());
    }

    private static java.util.Optional<Finding> unusedFinding(Suppression s, String id, Set<String> usedIds,
                                                             Options options) {
        String message;
        String help;
        if (!options.knownIds().contains(id)) {
            message = "suppression names " + id + ", which is not an nflint check";
            help = "correct the ID (nflint rules lists them) or remove it";
        } else if (!usedIds.contains(id) && options.ranIds().contains(id)) {
            message = "suppression of " + id + " is unused: " + id + " reports nothing " + where(s.scope());
            help = "remove " + id + " from the directive";
        } else {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Finding(UnusedSuppressionCheck.ID, options.unusedSeverity(), message,
                s.span(), List.of(), null, help, "", "", ""));
    }

    private static String where(Suppression.Scope scope) {
        return switch (scope) {
            case RULE_COMMENT -> "on this rule";
            case LINE_ABOVE -> "on the line below";
            case LINE -> "on this line";
            case FILE -> "in this file";
        };
    }
}
