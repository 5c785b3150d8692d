package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the samples and the shared corpus are, and a one-call "parse and run every check". */
final class TestPaths {

    private TestPaths() {
    }

    /** The reactor root (surefire sets nflint.root); falls back to the module's parent directory. */
    static Path root() {
        String prop = System.getProperty("nflint.root");
        Path root = (prop != null ? Path.of(prop) : Path.of("..")).toAbsolutePath().normalize();
        assertThat(root.resolve("samples")).as("samples/ under the reactor root").isDirectory();
        return root;
    }

    static Path samples() {
        return root().resolve("samples").resolve("checks");
    }

    static Path corpus() {
        String prop = System.getProperty("nflint.shared");
        Path shared = prop != null ? Path.of(prop) : root().resolve("..").resolve("shared");
        Path corpus = shared.resolve("corpus").toAbsolutePath().normalize();
        assertThat(corpus.resolve("MANIFEST.tsv"))
                .as("the shared corpus must sit beside the checkout (../shared/corpus/MANIFEST.tsv)")
                .exists();
        return corpus;
    }

    /** Corpus dumps from MANIFEST.tsv: .rules/.rules6 files that are not bad inputs. */
    static List<String> corpusDumps() {
        try {
            List<String> lines = Files.readAllLines(corpus().resolve("MANIFEST.tsv"));
            List<String> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (!f[5].equals("bad-input") && (f[0].endsWith(".rules") || f[0].endsWith(".rules6"))) {
                    out.add(f[0]);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Ruleset parse(String name, byte[] bytes) {
        return DumpParser.parse(name, bytes, ParseOptions.DETECT);
    }

    static List<Finding> check(String name, byte[] bytes) {
        Ruleset rs = parse(name, bytes);
        return CheckRunner.allChecks().run(new CheckContext(name, List.of(rs)));
    }

    /** A host bundle as the CLI reads one: its dumps (family from the file name) and its host model. */
    static CheckContext bundle(Path dir) {
        try {
            io.nflint.host.LoadedBundle b = io.nflint.host.HostBundleLoader.load(dir);
            List<Ruleset> rulesets = new ArrayList<>();
            addDump(b.iptablesRules(), io.nflint.ir.Family.IPV4, rulesets);
            addDump(b.ip6tablesRules(), io.nflint.ir.Family.IPV6, rulesets);
            addDump(b.ebtablesRules(), io.nflint.ir.Family.BRIDGE, rulesets);
            return new CheckContext(dir.getFileName().toString(), rulesets, b.host(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (io.nflint.host.BundleFormatException e) {
            throw new AssertionError("bundle " + dir + " does not load: " + e.getMessage(), e);
        }
    }

    private static void addDump(java.util.Optional<Path> file, io.nflint.ir.Family family, List<Ruleset> out)
            throws IOException {
        if (file.isPresent()) {
            byte[] bytes = Files.readAllBytes(file.get());
            if (bytes.length > 0) {
                // the display name is relative, as the CLI shows it and as sample expectations refer to it
                String name = file.get().getParent().getFileName() + "/" + file.get().getFileName();
                out.add(DumpParser.parse(name, bytes, ParseOptions.DETECT.withFamily(family)));
            }
        }
    }

    static List<Finding> checkBundle(Path dir) {
        return CheckRunner.allChecks().run(bundle(dir));
    }

    static String show(Finding f) {
        return f.span().line() + ":" + f.span().column() + " " + f.severity().label() + " " + f.id() + " " + f.message();
    }
}
