package io.nflint.rules;

import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;

/** Where a check reports; the ID and default severity come from the check's {@link CheckInfo}. */
public interface FindingSink {

    Report at(SourceSpan span, String message);

    /** A finding under construction; nothing is reported until {@link #report()}. */
    interface Report {
        Report related(SourceSpan span, String message);

        Report witness(Witness witness);

        Report help(String help);

        /** Locates the finding by table, chain and rule text, for baselines and fingerprints. */
        Report rule(Rule rule);

        Report location(String table, String chain, String ruleText);

        /** Overrides the check's default severity for this finding (e.g. info for a "may"). */
        Report severity(Severity severity);

        void report();
    }
}
