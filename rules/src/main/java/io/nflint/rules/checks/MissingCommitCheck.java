package io.nflint.rules.checks;

import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;

/**
 * A table section without COMMIT. Reported where iptables-restore notices: at the next
 * {@code *table} line ("Bad argument `*nat'") or at the end of the file ("COMMIT expected").
 */
@CheckInfo(id = "NFL004", name = "missing-commit", severity = Severity.ERROR, inputError = true,
        summary = "A table section that is not closed with COMMIT")
public final class MissingCommitCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (Table t : rs.tables()) {
                if (t.commitSpan() != null || t.missingCommitAt() == null) {
                    continue;
                }
                boolean atNextTable = t.span() != null && t.missingCommitAt().line() != t.span().line()
                        && rs.tables().stream().anyMatch(o -> o.span() != null && o.span().line() == t.missingCommitAt().line());
                String where = atNextTable
                        ? "the next table starts here; iptables-restore fails with \"Bad argument\" (COMMIT expected)"
                        : "the file ends here; iptables-restore fails with \"COMMIT expected\"";
                var report = sink.at(t.missingCommitAt(), "table '" + t.name() + "' has no COMMIT: " + where)
                        .location(t.name(), "", "")
                        .help("add a line 'COMMIT' after the last rule of table '" + t.name() + "'");
                if (t.span() != null) {
                    report.related(t.span(), "table '" + t.name() + "' starts here");
                }
                report.report();
            }
        }
    }
}
