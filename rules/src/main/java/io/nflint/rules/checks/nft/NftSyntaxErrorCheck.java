package io.nflint.rules.checks.nft;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;

/**
 * What the nft reader could not read (syntax, unknown variables, includes not found, commands on a
 * table or chain that does not exist yet): nft rejects the whole file there, so the IR is incomplete.
 */
@CheckInfo(id = "NFL601", name = "nft-syntax-error", severity = Severity.ERROR, inputError = true,
        summary = "An nft file nft -f rejects as written: a syntax error, an unknown $variable, a missing include")
public final class NftSyntaxErrorCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftRuleset rs : context.nftRulesets()) {
            for (ParseDiagnostic d : rs.diagnostics()) {
                if (d.kind() == ParseDiagnostic.Kind.QUIRK) {
                    continue;
                }
                FindingSink.Report r = sink.at(d.span(), d.message());
                if (d.message().startsWith("unknown identifier")) {
                    r.help("define it first: 'define " + d.message().replaceAll(".*'(.*)'.*", "$1") + " = …'");
                } else if (d.message().startsWith("File not found")) {
                    r.help("give the directory with -I DIR, as for nft -I");
                }
                r.report();
            }
        }
    }
}
