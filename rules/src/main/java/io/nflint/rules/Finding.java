package io.nflint.rules;

import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * What a check reports. {@code table}, {@code chain} and {@code ruleText} locate it independently of
 * line numbers (for baselines and fingerprints); they are empty for findings not about a rule.
 * {@code witness} and {@code help} may be null.
 */
public record Finding(String id, Severity severity, String message, SourceSpan span, List<Related> related,
                      Witness witness, String help, String table, String chain, String ruleText) {

    public Finding {
        related = List.copyOf(related);
        table = table == null ? "" : table;
        chain = chain == null ? "" : chain;
        ruleText = ruleText == null ? "" : ruleText;
    }

    public Finding withSeverity(Severity s) {
        return new Finding(id, s, message, span, related, witness, help, table, chain, ruleText);
    }
}
