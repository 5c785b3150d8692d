package io.nflint.rules.checks;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.Ruleset;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;

/**
 * The text reads fine but iptables-restore would reject or mangle it (CRLF, BOM, indentation,
 * over-long lines, a table given twice). Oddities restore accepts (QUIRK) come out as warnings:
 * the same place to look, with less at stake.
 */
@CheckInfo(id = "NFL002", name = "restore-rejects", severity = Severity.ERROR,
        summary = "Text nflint can read but iptables-restore rejects or changes (CRLF, BOM, indentation, long lines)")
public final class RestoreRejectsCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (ParseDiagnostic d : rs.diagnostics()) {
                if (d.kind() == ParseDiagnostic.Kind.RESTORE_FAILS) {
                    sink.at(d.span(), d.message()).report();
                } else if (d.kind() == ParseDiagnostic.Kind.QUIRK) {
                    sink.at(d.span(), d.message()).severity(Severity.WARNING).report();
                }
            }
        }
    }
}
