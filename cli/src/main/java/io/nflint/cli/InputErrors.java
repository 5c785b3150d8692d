package io.nflint.cli;

import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.ir.Table;
import io.nflint.ir.nft.NftRuleset;
import java.util.Collection;

/**
 * Refuses rule sets that were not read completely before a command answers about packets: a walk over
 * a dump whose only DROP rule has a typo in it would say "accept" with confidence. {@code check}
 * reports the same problems as findings; {@link IgnoreErrorsOption} walks what could be read.
 */
public final class InputErrors {

    private InputErrors() {
    }

    /** Throws exit 2 naming the first problem of the first rule set that has one, unless {@code ignore}. */
    public static void refuse(Collection<Ruleset> rulesets, boolean ignore) {
        if (ignore) {
            return;
        }
        for (Ruleset rs : rulesets) {
            String first = first(rs);
            if (first != null) {
                throw refused(first);
            }
        }
    }

    /**
     * The same for an nft ruleset: its first syntax error or malformed value in reading order (an
     * include is read where it stands, so line numbers of different files do not compare).
     */
    public static void refuse(NftRuleset rs, boolean ignore) {
        if (ignore) {
            return;
        }
        for (ParseDiagnostic d : rs.diagnostics()) {
            if (d.kind() == ParseDiagnostic.Kind.SYNTAX || d.kind() == ParseDiagnostic.Kind.MALFORMED_VALUE) {
                throw refused(d.span() + ": " + d.message());
            }
        }
    }

    private static NflintException refused(String first) {
        return new NflintException(first + " (nflint check shows every problem; --ignore-errors answers "
                + "for the lines that could be read)", ExitCode.BAD_INPUT, false);
    }

    /** {@code file:line:col: message} of the earliest syntax error, malformed value or missing COMMIT; null when none. */
    static String first(Ruleset rs) {
        SourceSpan at = null;
        String what = null;
        for (ParseDiagnostic d : rs.diagnostics()) {
            if ((d.kind() == ParseDiagnostic.Kind.SYNTAX || d.kind() == ParseDiagnostic.Kind.MALFORMED_VALUE)
                    && earlier(d.span(), at)) {
                at = d.span();
                what = d.message();
            }
        }
        for (Table t : rs.tables()) {
            if (t.commitSpan() == null && t.missingCommitAt() != null && earlier(t.missingCommitAt(), at)) {
                at = t.missingCommitAt();
                what = "table '" + t.name() + "' has no COMMIT (iptables-restore rejects it)";
            }
        }
        return what == null ? null : (at == null ? rs.file() : at.file() + ":" + at.line() + ":" + at.column()) + ": " + what;
    }

    private static boolean earlier(SourceSpan s, SourceSpan than) {
        if (than == null) {
            return true;
        }
        return s != null && (s.line() < than.line() || s.line() == than.line() && s.column() < than.column());
    }
}
