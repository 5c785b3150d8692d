package io.nflint.ir.nft;

import io.nflint.ir.ParseDiagnostic;
import java.util.List;

/**
 * A host bundle's {@code nft-hooks.txt} ({@code nft list hooks}): what the kernel runs at each hook,
 * in order. {@code tablesElsewhere} are the tables ("family name") of the host's nft ruleset that
 * nflint checks from another dump (iptables-nft's xtables tables, read from iptables-save), so a
 * hook entry of theirs belongs to a known table.
 */
public record NftHooks(String file, List<NftHook> hooks, List<String> tablesElsewhere, List<ParseDiagnostic> diagnostics) {

    public NftHooks {
        hooks = List.copyOf(hooks);
        tablesElsewhere = List.copyOf(tablesElsewhere);
        diagnostics = List.copyOf(diagnostics);
    }

    public NftHooks withTablesElsewhere(List<String> tables) {
        return new NftHooks(file, hooks, tables, diagnostics);
    }
}
