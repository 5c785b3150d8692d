package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.List;
import java.util.Optional;

/** A rule: statements in order (a match that fails ends the rule), its comment and source text. */
public record NftRule(List<NftStmt> statements, Optional<String> comment, SourceSpan span, String text) {

    public NftRule {
        statements = List.copyOf(statements);
    }
}
