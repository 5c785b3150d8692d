package io.nflint.cli.check;

import io.nflint.cli.NflintException;
import io.nflint.host.BundleFile;
import io.nflint.host.LoadedBundle;
import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.nft.NftHooks;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.hooks.NftHooksReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bundle's {@code nft-hooks.txt} beside its nft ruleset: read (a line nflint cannot read is bad
 * input, exit 2 at that line, like any bundle file) and paired with the ruleset it describes.
 */
final class NftHooksInput {

    private NftHooksInput() {
    }

    static Optional<InputSource.BundleHooks> read(LoadedBundle bundle, Path shownDir) {
        Optional<Path> p = bundle.file(BundleFile.NFT_HOOKS);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        Path shown = shownDir.resolve(p.get().getFileName());
        String name = InputReader.display(shown);
        String text = new String(InputReader.readFile(p.get(), shown, false), StandardCharsets.UTF_8);
        NftHooks hooks = NftHooksReader.read(name, text);
        if (!hooks.diagnostics().isEmpty()) {
            ParseDiagnostic d = hooks.diagnostics().get(0);
            throw NflintException.unreadable(name + ":" + d.span().line() + ":" + d.span().column(), d.message());
        }
        return Optional.of(new InputSource.BundleHooks(hooks, text));
    }

    /**
     * The rulesets with the hooks attached; tables that iptables-nft compatibility took out of them
     * (checked from iptables-save instead) are named so their hook entries count as known.
     */
    static List<NftRuleset> attach(InputSource.BundleHooks h, List<NftRuleset> before, List<NftRuleset> after) {
        List<String> elsewhere = new ArrayList<>();
        before.forEach(rs -> rs.tables().forEach(t -> elsewhere.add(t.family().keyword() + " " + t.name())));
        after.forEach(rs -> rs.tables().forEach(t -> elsewhere.remove(t.family().keyword() + " " + t.name())));
        NftHooks hooks = h.hooks().withTablesElsewhere(elsewhere);
        return after.stream().map(rs -> rs.withHooks(hooks, h.text())).toList();
    }
}
