package io.nflint.rules.checks;

import io.nflint.ir.Chain;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;

/**
 * A chain declared twice in one table. Whether restore minds depends on the backend, so this is a
 * warning: iptables-legacy-restore tries to create the user chain again and fails ("File exists"),
 * iptables-nft-restore accepts it. A built-in chain declared twice only sets its policy twice.
 */
@CheckInfo(id = "NFL005", name = "duplicate-chain", severity = Severity.WARNING,
        summary = "A chain declared twice in the same table")
public final class DuplicateChainCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (Table t : rs.tables()) {
                for (Chain c : t.chains()) {
                    for (SourceSpan again : c.redeclarations()) {
                        String message = c.builtin()
                                ? "built-in chain '" + c.name() + "' is declared again (first at line " + c.span().line()
                                        + "); the last policy wins"
                                : "chain '" + c.name() + "' is declared again (first at line " + c.span().line() + "): "
                                        + (rs.family() == Family.BRIDGE ? "ebtables-restore"
                                                : "iptables-legacy-restore")
                                        + " rejects it (\"error creating chain: File exists\"); iptables-nft-restore accepts it";
                        sink.at(again, message)
                                .related(c.span(), "first declaration of '" + c.name() + "'")
                                .location(t.name(), c.name(), "")
                                .help("delete this line")
                                .report();
                    }
                }
            }
        }
    }
}
