package io.nflint.rules;

import io.nflint.host.BundleFile;
import io.nflint.host.HostBundleLoader;
import io.nflint.host.LoadedBundle;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads a host bundle directory and runs checks on it the way {@code nflint check DIR} does. */
final class Bundles {

    private static final Map<BundleFile, Family> DUMPS = Map.of(BundleFile.IPTABLES, Family.IPV4,
            BundleFile.IP6TABLES, Family.IPV6, BundleFile.EBTABLES, Family.BRIDGE);

    private Bundles() {
    }

    /** {@code shownPrefix} is how the dumps are named in findings ("samples/checks/NFL203-x/"). */
    static CheckContext context(Path dir, String shownPrefix) throws Exception {
        LoadedBundle b = HostBundleLoader.load(dir);
        List<Ruleset> rulesets = new ArrayList<>();
        for (BundleFile f : List.of(BundleFile.IPTABLES, BundleFile.IP6TABLES, BundleFile.EBTABLES)) {
            if (b.file(f).isPresent()) {
                byte[] bytes = Files.readAllBytes(b.file(f).get());
                rulesets.add(DumpParser.parse(shownPrefix + f.fileName(), bytes,
                        ParseOptions.DETECT.withFamily(DUMPS.get(f))));
            }
        }
        return new CheckContext(dir.toString(), rulesets, b.host(), true);
    }

    static List<Finding> check(Path dir, String shownPrefix) throws Exception {
        return CheckRunner.allChecks().run(context(dir, shownPrefix));
    }

    static Path corpusBundle(String engine, String name) {
        return TestPaths.corpus().resolve("generated").resolve(engine).resolve(name);
    }
}
