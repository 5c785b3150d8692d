package io.nflint.cli.check;

import io.nflint.host.LoadedBundle;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The nftables ruleset a walk (trace) runs beside the xtables dumps: a single nft file (text or
 * JSON), or a bundle's {@code nft.rules} (else {@code nft.json}) with its {@code nft-hooks.txt},
 * read the way {@code nflint check} reads them.
 */
public final class NftWalkRuleset {

    private NftWalkRuleset() {
    }

    /** A single nft file already read; {@code format} is NFT_TEXT or NFT_JSON. */
    public static NftRuleset file(Path actual, Path shown, byte[] content, InputFormat format) {
        return NftInputs.parse(new DumpInput(InputReader.display(shown), content, null, actual), format,
                NftParseOptions.defaults());
    }

    /** The bundle's nft ruleset with the hooks the host listed; empty when the bundle has none. */
    public static Optional<NftRuleset> bundle(LoadedBundle bundle, Path shownDir) {
        Optional<Path> nft = bundle.file(io.nflint.host.BundleFile.NFT_RULES)
                .or(() -> bundle.file(io.nflint.host.BundleFile.NFT_JSON));
        if (nft.isEmpty()) {
            return Optional.empty();
        }
        Path shown = shownDir.resolve(nft.get().getFileName());
        byte[] bytes = InputReader.readFile(nft.get(), shown, false);
        InputFormat f = InputFormat.detect(shown.toString(), bytes);
        if (f == InputFormat.XTABLES) {
            f = InputFormat.NFT_TEXT;
        }
        NftRuleset rs = file(nft.get(), shown, bytes, f);
        Optional<InputSource.BundleHooks> hooks = NftHooksInput.read(bundle, shownDir);
        return Optional.of(hooks.isEmpty() ? rs : NftHooksInput.attach(hooks.get(), List.of(), List.of(rs)).get(0));
    }
}
