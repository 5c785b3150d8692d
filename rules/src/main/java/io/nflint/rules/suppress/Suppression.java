package io.nflint.rules.suppress;

import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * One {@code nflint-disable} directive. {@code ids} are upper-cased as written (unknown ones are kept so
 * they can be reported); {@code reason} is the free text after them, possibly empty.
 */
public record Suppression(Scope scope, List<String> ids, String reason, SourceSpan span) {

    public enum Scope {
        /** {@code -m comment --comment "nflint-disable NFL301 …"} on the rule itself. */
        RULE_COMMENT,
        /** {@code # nflint-disable=NFL301 …} in the comment block right above a line. */
        LINE_ABOVE,
        /** {@code tcp dport 22 accept # nflint-disable=NFL607 …}: an nft comment after code, about its line. */
        LINE,
        /** {@code # nflint-disable-file=NFL301} anywhere in the file. */
        FILE
    }

    public Suppression {
        ids = List.copyOf(ids);
        reason = reason == null ? "" : reason;
    }
}
