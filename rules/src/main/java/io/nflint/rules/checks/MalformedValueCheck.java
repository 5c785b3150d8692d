package io.nflint.rules.checks;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.Ruleset;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;

/** Values out of range or ill-formed; like a syntax error, the IR misses the line. */
@CheckInfo(id = "NFL003", name = "malformed-value", severity = Severity.ERROR, inputError = true,
        summary = "A value out of range or ill-formed (port above 65535, address 300.1.1.1, bad mask, unknown table)")
public final class MalformedValueCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (ParseDiagnostic d : rs.diagnostics()) {
                if (d.kind() == ParseDiagnostic.Kind.MALFORMED_VALUE) {
                    sink.at(d.span(), d.message()).report();
                }
            }
        }
    }
}
