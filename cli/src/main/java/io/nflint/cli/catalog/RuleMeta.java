package io.nflint.cli.catalog;

import io.nflint.rules.Check;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.Severity;
import io.nflint.rules.docs.CheckDocs;
import java.util.Optional;

/** What the reporters and {@code rules}/{@code explain} say about a check, detached from its class. */
public record RuleMeta(String id, String name, String summary, Severity severity, boolean inputError,
                       Optional<String> docs) {

    public static RuleMeta of(Check check) {
        CheckInfo info = check.info();
        return new RuleMeta(info.id(), info.name(), info.summary(), info.severity(), info.inputError(),
                CheckDocs.markdown(info.id()));
    }

    /** Stands in for a finding whose check is not registered (hand-made findings in tests). */
    public static RuleMeta unknown(String id) {
        return new RuleMeta(id, id.toLowerCase(java.util.Locale.ROOT), id, Severity.WARNING, false, Optional.empty());
    }

    public String docsSourcePath() {
        return CheckDocs.sourcePath(id);
    }
}
