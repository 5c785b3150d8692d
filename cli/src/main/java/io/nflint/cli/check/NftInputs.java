package io.nflint.cli.check;

import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.json.NftJsonReader;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads one nft dump (text or JSON); included files are named relative to the input's directory. */
final class NftInputs {

    private NftInputs() {
    }

    static NftRuleset parse(DumpInput dump, InputFormat format, NftParseOptions options) {
        if (format == InputFormat.NFT_JSON) {
            return NftJsonReader.read(dump.displayName(), dump.content());
        }
        Path location = dump.location();
        Path dir = location == null ? null : location.toAbsolutePath().getParent();
        Path shownDir = Path.of(dump.displayName()).getParent();
        return NftTextParser.parse(dump.displayName(), new String(dump.content(), StandardCharsets.UTF_8), dir, options,
                p -> shown(p, dir, shownDir));
    }

    /** An included file as the user would name it: beside the input, relative to how the input was named. */
    private static String shown(Path included, Path dir, Path shownDir) {
        if (dir != null && included.startsWith(dir)) {
            Path rel = dir.relativize(included);
            return (shownDir == null ? rel : shownDir.resolve(rel)).normalize().toString();
        }
        return included.toString();
    }
}
