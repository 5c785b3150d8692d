package io.nflint.cli.check;

import io.nflint.cli.NflintException;
import io.nflint.host.BundleFile;
import io.nflint.host.BundleFormatException;
import io.nflint.host.HostBundleLoader;
import io.nflint.host.LoadedBundle;
import io.nflint.ir.Family;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a host bundle directory for {@code check} through the analyzer's bundle loader. */
final class HostDirectoryInputs {

    /** Dump file → family, in the order findings are listed. */
    static final Map<BundleFile, Family> DUMPS = new LinkedHashMap<>();

    static {
        DUMPS.put(BundleFile.IPTABLES, Family.IPV4);
        DUMPS.put(BundleFile.IP6TABLES, Family.IPV6);
        DUMPS.put(BundleFile.EBTABLES, Family.BRIDGE);
    }

    private HostDirectoryInputs() {
    }

    static InputSource read(String argument, Path shownDir, Path actualDir) {
        LoadedBundle bundle;
        try {
            bundle = HostBundleLoader.load(actualDir);
        } catch (BundleFormatException e) {
            String where = InputReader.display(shownDir.resolve(e.file().getFileName()));
            throw NflintException.unreadable(where + (e.line() > 0 ? ":" + e.line() + ":" + Math.max(1, e.column()) : ""),
                    e.detail());
        }
        List<DumpInput> dumps = new ArrayList<>();
        for (Map.Entry<BundleFile, Family> e : DUMPS.entrySet()) {
            Optional<Path> p = bundle.file(e.getKey());
            if (p.isPresent()) {
                Path shown = shownDir.resolve(p.get().getFileName());
                dumps.add(new DumpInput(InputReader.display(shown), InputReader.readFile(p.get(), shown, false), e.getValue()));
            }
        }
        // nft.rules and nft.json hold the same ruleset: the text, whose lines findings can point at, wins
        Optional<Path> nft = bundle.file(BundleFile.NFT_RULES).or(() -> bundle.file(BundleFile.NFT_JSON));
        if (nft.isPresent()) {
            Path shown = shownDir.resolve(nft.get().getFileName());
            dumps.add(new DumpInput(InputReader.display(shown), InputReader.readFile(nft.get(), shown, false), null, nft.get()));
        }
        if (dumps.isEmpty()) {
            throw NflintException.unreadable(argument, "directory holds no dump (iptables.rules, ip6tables.rules,"
                    + " ebtables.rules, nft.rules or nft.json)");
        }
        InputSource.BundleHooks hooks = nft.isPresent() ? NftHooksInput.read(bundle, shownDir).orElse(null) : null;
        return new InputSource(argument, dumps, bundle.host(), hooks);
    }
}
