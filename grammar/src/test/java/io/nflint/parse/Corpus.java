package io.nflint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the shared corpus is; tests fail loudly when it is missing rather than pass on nothing. */
final class Corpus {

    private Corpus() {
    }

    static Path root() {
        String prop = System.getProperty("nflint.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        Path corpus = shared.resolve("corpus").toAbsolutePath().normalize();
        assertThat(corpus.resolve("MANIFEST.tsv"))
                .as("the shared corpus must sit beside the checkout (../shared/corpus/MANIFEST.tsv)")
                .exists();
        return corpus;
    }

    /** One row of MANIFEST.tsv: the file (relative to the corpus) and its kind. */
    record Entry(String file, String kind) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<Entry> manifest() {
        try {
            List<Entry> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(root().resolve("MANIFEST.tsv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                out.add(new Entry(f[0], f[5]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every dump: iptables/ip6tables/ebtables/arptables save or restore text, bad inputs excepted. */
    static List<Entry> dumps() {
        return manifest().stream()
                .filter(e -> !e.kind().equals("bad-input"))
                .filter(e -> e.file().endsWith(".rules") || e.file().endsWith(".rules6"))
                .toList();
    }
}
