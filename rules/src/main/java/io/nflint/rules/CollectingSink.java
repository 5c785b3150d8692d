package io.nflint.rules;

import io.nflint.ir.Rule;
import io.nflint.ir.SourceSpan;
import java.util.ArrayList;
import java.util.List;

/** Collects one check's findings, stamping them with its ID and default severity. */
final class CollectingSink implements FindingSink {

    private final CheckInfo info;
    private final List<Finding> findings;

    CollectingSink(CheckInfo info, List<Finding> findings) {
        this.info = info;
        this.findings = findings;
    }

    @Override
    public Report at(SourceSpan span, String message) {
        return new Builder(span, message);
    }

    private final class Builder implements Report {
        private final SourceSpan span;
        private final String message;
        private final List<Related> related = new ArrayList<>();
        private Witness witness;
        private String help;
        private String table;
        private String chain;
        private String ruleText;
        private Severity severity = info.severity();

        Builder(SourceSpan span, String message) {
            this.span = span;
            this.message = message;
        }

        @Override
        public Report related(SourceSpan s, String m) {
            related.add(new Related(s, m));
            return this;
        }

        @Override
        public Report witness(Witness w) {
            witness = w;
            return this;
        }

        @Override
        public Report help(String h) {
            help = h;
            return this;
        }

        @Override
        public Report rule(Rule r) {
            return location(r.table(), r.chain(), r.specText());
        }

        @Override
        public Report location(String t, String c, String text) {
            table = t;
            chain = c;
            ruleText = text;
            return this;
        }

        @Override
        public Report severity(Severity s) {
            severity = s;
            return this;
        }

        @Override
        public void report() {
            findings.add(new Finding(info.id(), severity, message, span, related, witness, help, table, chain, ruleText));
        }
    }
}
