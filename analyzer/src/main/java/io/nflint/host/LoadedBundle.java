package io.nflint.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host bundle after loading: the host model, where the recognised files are (the dumps among
 * them for the parser), and the entries that were skipped because nflint does not know them.
 */
public record LoadedBundle(Path directory, HostModel host, Map<BundleFile, Path> files, List<Path> ignored) {

    public LoadedBundle {
        files = Map.copyOf(files);
        ignored = List.copyOf(ignored);
    }

    public Optional<Path> file(BundleFile which) {
        return Optional.ofNullable(files.get(which));
    }

    public Optional<Path> iptablesRules() {
        return file(BundleFile.IPTABLES);
    }

    public Optional<Path> ip6tablesRules() {
        return file(BundleFile.IP6TABLES);
    }

    public Optional<Path> ebtablesRules() {
        return file(BundleFile.EBTABLES);
    }

    public boolean has(BundleFile which) {
        return files.containsKey(which);
    }
}
