package io.nflint.rules.checks;

import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.RuleShape;
import java.util.List;

/**
 * Rules after a catch-all: an earlier rule of the same chain matches every packet (no matches, or
 * only ones that always hold, such as a comment, {@code -s 0.0.0.0/0}, {@code -p all},
 * {@code -i +}) and ends the traversal. Which packets reach the chain does not matter: none gets
 * past that rule. Finer shadowing (a rule covered by earlier, narrower ones) needs the symbolic
 * engine and belongs to the 1xx checks.
 */
@CheckInfo(id = "NFL012", name = "unreachable-rule", severity = Severity.WARNING,
        summary = "A rule after an earlier rule in the same chain that matches every packet and ends the traversal")
public final class UnreachableRuleCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            for (Table t : rs.tables()) {
                for (Chain c : t.chains()) {
                    checkChain(c, sink);
                }
            }
        }
    }

    private static void checkChain(Chain c, FindingSink sink) {
        List<Rule> rules = c.rules();
        Rule catchAll = null;
        for (Rule r : rules) {
            if (catchAll != null) {
                sink.at(r.span(), "rule " + r.number() + " of chain '" + c.name() + "' is never reached: rule "
                                + catchAll.number() + " (line " + catchAll.span().line() + ") matches every packet and ends"
                                + " the chain with '" + (catchAll.target() instanceof io.nflint.ir.target.Goto ? "-g " : "-j ")
                                + catchAll.target().name() + "'")
                        .related(catchAll.span(), "matches every packet")
                        .rule(r)
                        .help("move this rule above line " + catchAll.span().line() + ", or delete it")
                        .report();
            } else if (RuleShape.matchesEverything(r) && RuleShape.certainlyTerminal(r.target())) {
                catchAll = r;
            }
        }
    }
}
