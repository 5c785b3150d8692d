package io.nflint.rules.checks;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.Ruleset;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;

/** Reports what the parser could not read; the IR misses those lines, so the input is incomplete. */
@CheckInfo(id = "NFL001", name = "syntax-error", severity = Severity.ERROR, inputError = true,
        summary = "A line iptables-restore cannot parse (unknown option, missing argument, stray text)")
public final class SyntaxErrorCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (ParseDiagnostic d : rs.diagnostics()) {
                if (d.kind() == ParseDiagnostic.Kind.SYNTAX) {
                    sink.at(d.span(), d.message()).report();
                }
            }
        }
    }
}
