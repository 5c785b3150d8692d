package io.nflint.rules.checks;

import io.nflint.host.BundleFile;
import io.nflint.host.HostModel;
import io.nflint.ir.RawOption;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.lower.Lowered;
import io.nflint.lower.Pred;
import io.nflint.ir.target.UnknownTarget;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;
import io.nflint.rules.support.Spelling;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code -m set --match-set NAME}, or {@code -j SET --add-set|--del-set|--map-set NAME}, where the bundle's
 * {@code ipset.save} defines no set NAME. Only in
 * a bundle that has the file: without it nothing is known about the host's sets.
 */
@CheckInfo(id = "NFL014", name = "undefined-set", severity = Severity.ERROR,
        summary = "A --match-set (or -j SET --add-set/--del-set/--map-set) of an ipset that the bundle's ipset.save does not define")
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
                for (Lowered m : context.lowered(r).matches()) {
                    if (m.pred() instanceof Pred.SetLookup s && !defined.contains(s.set())) {
                        report(sink, r, m.match().span(), "--match-set", s.set(), defined);
                    }
                }
                // -j SET --add-set/--del-set/--map-set: xt_set's target looks its sets up when the rule
                // is loaded, exactly as the match does, so a missing one fails the restore the same way
                if (r.target() instanceof UnknownTarget t && t.name().equals("SET")) {
                    for (RawOption o : t.options()) {
                        if (SET_TARGET_OPTIONS.contains(o.name()) && !o.values().isEmpty()
                                && !defined.contains(o.values().get(0))) {
                            report(sink, r, o.span() != null ? o.span() : t.span(), o.name(), o.values().get(0), defined);
                        }
                    }
                }
            }
        }
    }

    private static final Set<String> SET_TARGET_OPTIONS = Set.of("--add-set", "--del-set", "--map-set");

    private static void report(FindingSink sink, Rule r, SourceSpan span, String option, String set, Set<String> defined) {
        sink.at(span, option + " " + set + ": ipset.save defines no set '" + set
                        + "'; iptables-restore fails here (\"Set " + set + " doesn't exist\")"
                        + " unless the set is created before the rules are loaded")
                .rule(r)
                .help(Spelling.closest(set, defined).map(n -> "did you mean '" + n + "'?")
                        .orElse("create the set (ipset create " + set
                                + " TYPE) before loading the rules, or correct the name"))
                .report();
    }
}
