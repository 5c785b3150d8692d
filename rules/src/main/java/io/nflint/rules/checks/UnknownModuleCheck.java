package io.nflint.rules.checks;

import io.nflint.ir.Family;
import io.nflint.ir.RawOption;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.UnknownMatch;
import io.nflint.ir.target.UnknownTarget;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import java.util.regex.Pattern;

/**
 * Says where the analysis is approximate: each match module or target nflint keeps verbatim, and
 * each {@code -s}/{@code -d} that names a host rather than an address. arptables dumps are parsed
 * but not analysed at all, so they get one finding per file instead of one per rule.
 */
@CheckInfo(id = "NFL013", name = "unknown-module", severity = Severity.INFO,
        summary = "A match module, target or host name the analysis does not model and treats as may-match")
public final class UnknownModuleCheck implements Check {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (Ruleset rs : context.rulesets()) {
            if (rs.family() == Family.ARP) {
                reportArp(rs, sink);
                continue;
            }
            for (Rule r : rs.rules()) {
                for (Match m : r.matches()) {
                    if (m instanceof UnknownMatch u) {
                        sink.at(u.span(), describe(u)).rule(r).report();
                    }
                }
                if (r.target() instanceof UnknownTarget u) {
                    sink.at(u.span(), "target " + u.name() + " is not modelled; the analysis treats it as may-"
                                    + (u.terminal() ? "end the traversal (as the kernel's " + u.name() + " does)"
                                            : "change the packet and continue"))
                            .rule(r)
                            .report();
                }
            }
        }
    }

    private static String describe(UnknownMatch u) {
        if (u.module().startsWith("-")) {
            String value = u.options().isEmpty() || u.options().get(0).values().isEmpty() ? ""
                    : u.options().get(0).values().get(0);
            if (HOST_NAME.matcher(value).matches()) {
                return "host name '" + value + "' in " + u.module() + " is resolved by DNS when the rules are loaded;"
                        + " the analysis treats it as may-match";
            }
            return "'" + value + "' in " + u.module() + " is not an address (a redacted placeholder?);"
                    + " the analysis treats it as may-match";
        }
        StringBuilder options = new StringBuilder();
        for (RawOption o : u.options()) {
            options.append(options.length() == 0 ? "" : " ").append(o);
        }
        return "module " + u.module() + " is not modelled" + (options.length() == 0 ? "" : " (" + options + ")")
                + "; the analysis treats it as may-match";
    }

    private static void reportArp(Ruleset rs, FindingSink sink) {
        SourceSpan at = null;
        if (!rs.rules().isEmpty()) {
            at = rs.rules().get(0).span();
        } else if (!rs.tables().isEmpty() && rs.tables().get(0).span() != null) {
            at = rs.tables().get(0).span();
        }
        if (at == null) {
            return;
        }
        sink.at(at, "arptables rules are parsed but not analysed (" + rs.ruleCount() + " rules in this file)").report();
    }
}
