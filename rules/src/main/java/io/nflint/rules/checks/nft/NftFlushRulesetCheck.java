package io.nflint.rules.checks.nft;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.rules.Check;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckInfo;
import io.nflint.rules.FindingSink;
import io.nflint.rules.Severity;

/**
 * An nft script ({@code #!/usr/sbin/nft -f}, {@code nftables.conf}) loaded again on every restart
 * without {@code flush ruleset} first adds its rules to the ones already loaded; a
 * {@code flush ruleset} in an included file wipes what the including file set up before it.
 */
@CheckInfo(id = "NFL609", name = "nft-flush-ruleset", severity = Severity.WARNING,
        summary = "An nft config without flush ruleset at the top (rules pile up on reload), or one in an included file")
public final class NftFlushRulesetCheck implements Check {

    @Override
    public void run(CheckContext context, FindingSink sink) {
        for (NftRuleset rs : context.nftRulesets()) {
            for (SourceSpan f : rs.flushRulesets()) {
                if (!f.file().equals(rs.file())) {
                    sink.at(f, "flush ruleset in an included file: it removes every table, including what "
                                    + rs.file() + " declared before the include")
                            .help("keep flush ruleset at the top of the main file only")
                            .report();
                }
            }
            if (!rs.script() || rs.tables().isEmpty()) {
                continue;
            }
            SourceSpan firstTable = rs.tables().get(0).span();
            boolean flushedFirst = rs.flushRulesets().stream()
                    .anyMatch(f -> f.file().equals(rs.file()) && f.startOffset() < firstTable.startOffset())
                    || !rs.tableResets().isEmpty();
            if (!flushedFirst && firstTable.file().equals(rs.file())) {
                sink.at(firstTable, rs.file() + " is a script loaded on every (re)start of nftables, but does not begin"
                                + " with 'flush ruleset': each load adds its rules again to the ones already there")
                        .help("put 'flush ruleset' at the top (or 'destroy table' before each table)")
                        .report();
            }
        }
    }
}
