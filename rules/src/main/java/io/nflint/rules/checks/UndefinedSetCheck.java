package io.nflint.rules.checks;

import io.nflint.host.BundleFile;
import io.nflint.host.HostModel;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.match.Match;
import io.nflint.ir.match.SetMatch;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.Spelling;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code -m set --match-set NAME} where the bundle's {@code ipset.save} defines no set NAME. Only in
 * a bundle that has the file: without it nothing is known about the host's sets.
 */
@CheckInfo(id = "NFL014", name = "undefined-set", severity = Severity.ERROR,
        summary = "A --match-set of an ipset that the bundle's ipset.save does not define")
public final class UndefinedSetCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        HostModel host = context.host();
        if (!context.isBundle() || host == null || host.assumptions().stream()
                .anyMatch(a -> a.file().equals(BundleFile.IPSET.fileName()))) {
            return;
        }
        Set<String> defined = new TreeSet<>(host.ipsets().names());
        for (Ruleset rs : context.rulesets()) {
            for (Rule r : rs.rules()) {
                for (Match m : r.matches()) {
                    if (m instanceof SetMatch s && !defined.contains(s.setName())) {
                        sink.at(s.span(), "--match-set " + s.setName() + ": ipset.save defines no set '" + s.setName()
                                        + "'; iptables-restore fails here (\"Set " + s.setName() + " doesn't exist\")"
                                        + " unless the set is created before the rules are loaded")
                                .rule(r)
                                .help(Spelling.closest(s.setName(), defined).map(n -> "did you mean '" + n + "'?")
                                        .orElse("create the set (ipset create " + s.setName()
                                                + " TYPE) before loading the rules, or correct the name"))
                                .report();
                    }
                }
            }
        }
    }
}
