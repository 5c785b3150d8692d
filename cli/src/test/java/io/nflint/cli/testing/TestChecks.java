package io.nflint.cli.testing;

import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.suppress.UnusedSuppressionCheck;
import java.util.List;

/** Checks with predictable findings, keyed to words in the rule text, for exit-code and filter tests. */
public final class TestChecks {

    private TestChecks() {
    }

    public static List<Check> all() {
        return List.of(new Broken(), new Flagged(), new Noted(), new Crashing(), new UnusedSuppressionCheck());
    }

    /** Like a syntax error: the input could not be read completely. */
    @CheckInfo(id = "NFL001", name = "test-broken", summary = "A rule says BROKEN", severity = Severity.ERROR,
            inputError = true)
    public static final class Broken implements Check {
        @Override
        public void run(CheckContext context, FindingSink sink) {
            forEachRule(context, "BROKEN", (r, sinkRule) -> sink.at(r.span(), "rule is broken").rule(r).report());
        }
    }

    @CheckInfo(id = "NFL103", name = "test-flagged", summary = "A rule says FLAG", severity = Severity.WARNING)
    public static final class Flagged implements Check {
        @Override
        public void run(CheckContext context, FindingSink sink) {
            forEachRule(context, "FLAG", (r, x) -> sink.at(r.span(), "rule is flagged in chain " + r.chain())
                    .rule(r).help("remove FLAG").report());
        }
    }

    @CheckInfo(id = "NFL104", name = "test-noted", summary = "A rule says NOTE", severity = Severity.INFO)
    public static final class Noted implements Check {
        @Override
        public void run(CheckContext context, FindingSink sink) {
            forEachRule(context, "NOTE", (r, x) -> sink.at(r.span(), "rule is noted").rule(r).report());
        }
    }

    @CheckInfo(id = "NFL105", name = "test-crash", summary = "Throws on CRASH, runs out of stack on DEEP and of heap on HUGE",
            severity = Severity.WARNING)
    public static final class Crashing implements Check {
        @Override
        public void run(CheckContext context, FindingSink sink) {
            forEachRule(context, "CRASH", (r, x) -> {
                throw new IllegalStateException("boom");
            });
            forEachRule(context, "DEEP", (r, x) -> {
                throw new StackOverflowError();
            });
            forEachRule(context, "HUGE", (r, x) -> {
                throw new OutOfMemoryError("Java heap space");
            });
        }
    }

    private interface RuleAction {
        void on(Rule rule, Object unused);
    }

    private static void forEachRule(CheckContext context, String word, RuleAction action) {
        for (Ruleset rs : context.rulesets()) {
            for (Rule r : rs.rules()) {
                if (r.text().contains(word)) {
                    action.on(r, null);
                }
            }
        }
    }
}
