package io.nflint.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The nft part of the shared corpus and its MANIFEST verdicts; fails loudly when it is missing. */
public final class NftCorpus {

    private NftCorpus() {
    }

    public static Path root() {
        String prop = System.getProperty("nflint.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        Path nft = shared.resolve("corpus").resolve("nft").toAbsolutePath().normalize();
        assertThat(nft.resolve("MANIFEST.tsv")).as("the shared nft corpus (../shared/corpus/nft/MANIFEST.tsv)").exists();
        return nft;
    }

    /** One MANIFEST row: file, kind, nft 1.0.6's load verdict, its message and the notes. */
    public record Entry(String file, String kind, String load, String message, String notes) {
        @Override
        public String toString() {
            return file;
        }

        public Path path() {
            return root().resolve(file);
        }

        public boolean loaded() {
            return load.startsWith("loaded") || load.equals("accepted");
        }
    }

    public static List<Entry> manifest() {
        try {
            List<Entry> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(root().resolve("MANIFEST.tsv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split("\t", -1);
                out.add(new Entry(c[0], c[5], c[8], c[9], c[7]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NftRuleset parse(Entry e) {
        return parse(e.path());
    }

    public static NftRuleset parse(Path p) {
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            Path rel = root().relativize(p);
            return NftTextParser.parse(rel.getFileName().toString(), text, p.getParent(),
                    new NftParseOptions(List.of(p.getParent())), q -> q.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
