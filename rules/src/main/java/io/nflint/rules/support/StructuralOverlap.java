package io.nflint.rules.support;

import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import io.nflint.rules.CheckContext;
import io.nflint.rules.SharedKey;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.Witness;
import io.nflint.rules.checks.DuplicateRuleCheck;
import io.nflint.rules.checks.UnreachableRuleCheck;

import java.util.HashSet;
import java.util.Set;

/**
 * Keeps the symbolic rule-logic checks from repeating what the structural checks already say:
 * a rule NFL011 (exact duplicate) or NFL012 (syntactically unreachable) reports is one finding, not
 * two, and the structural message is the more specific one. Chains that Docker, kube-proxy, CNI
 * plugins and netavark generate are left to the container checks (NFL2xx–NFL5xx): a stock rule
 * that cannot match on this host (DOCKER-ISOLATION-STAGE-2 with one network) is not something the
 * user can fix.
 */
public final class StructuralOverlap {

    private final CheckContext context;

    public StructuralOverlap(CheckContext context) {
        this.context = context;
    }

    public boolean skip(Rule r) {
        // the structural checks run only when a symbolic finding outside generated chains asks, and
        // once per input for all symbolic checks: on a kube-proxy dump they cost as much as NFL011 itself
        return generatedChain(r.chain()) || context.shared(REPORTED).lines.contains(key(r.span()));
    }

    /** NFL011 reports the later copy of a duplicate; the earlier copy is then trivially redundant. */
    public static boolean hasLaterDuplicate(Rule r, CheckContext context) {
        for (io.nflint.ir.Ruleset rs : context.rulesets()) {
            io.nflint.ir.Chain c = rs.table(r.table()).flatMap(t -> t.chain(r.chain())).orElse(null);
            if (c == null || !c.rules().contains(r)) {
                continue;
            }
            String canonical = RuleShape.canonical(r);
            for (int i = c.rules().indexOf(r) + 1; i < c.rules().size(); i++) {
                if (RuleShape.canonical(c.rules().get(i)).equals(canonical)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean generatedChain(String chain) {
        return chain.startsWith("DOCKER") || chain.startsWith("KUBE-") || chain.startsWith("CNI-")
                || chain.startsWith("NETAVARK") || chain.startsWith("cali-");
    }

    private static String key(SourceSpan s) {
        return s.file() + ":" + s.line();
    }

    private static final SharedKey<Reported> REPORTED = SharedKey.of("lines NFL011 and NFL012 report", Reported::new);

    /** The lines NFL011 and NFL012 report on one input. */
    private static final class Reported {
        private final Set<String> lines = new HashSet<>();

        Reported(CheckContext context) {
            FindingSink recorder = (span, message) -> new Recorded(lines, span);
            new UnreachableRuleCheck().run(context, recorder);
            // every copy, also those a grouped NFL011 finding only counts
            for (DuplicateRuleCheck.Duplicate d : DuplicateRuleCheck.all(context)) {
                lines.add(key(d.rule().span()));
            }
        }
    }

    private static final class Recorded implements FindingSink.Report {
        private final Set<String> reported;
        private final SourceSpan span;

        Recorded(Set<String> reported, SourceSpan span) {
            this.reported = reported;
            this.span = span;
        }

        @Override
        public FindingSink.Report related(SourceSpan s, String m) {
            return this;
        }

        @Override
        public FindingSink.Report witness(Witness w) {
            return this;
        }

        @Override
        public FindingSink.Report help(String h) {
            return this;
        }

        @Override
        public FindingSink.Report rule(Rule r) {
            return this;
        }

        @Override
        public FindingSink.Report location(String t, String c, String text) {
            return this;
        }

        @Override
        public FindingSink.Report severity(Severity s) {
            return this;
        }

        @Override
        public void report() {
            reported.add(key(span));
        }
    }
}
