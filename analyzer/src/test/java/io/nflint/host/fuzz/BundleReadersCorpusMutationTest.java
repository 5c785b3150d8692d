package io.nflint.host.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.host.BundleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The corpus's real bundle files, each through its reader as it is and after a counted number of
 * seeded mutations (bytes flipped, cut, repeated, nested): a cheap, deterministic fuzz pass that runs
 * with every build, next to the Jazzer harness that explores further in CI.
 */
class BundleReadersCorpusMutationTest {

    private static final int MUTATIONS_PER_FILE = 25;

    static List<Path> corpusFiles(BundleFile file) throws IOException {
        String shared = System.getProperty("nflint.shared");
        if (shared == null) {
            throw new AssertionError("system property nflint.shared is not set (surefire sets it)");
        }
        try (Stream<Path> s = Files.walk(Path.of(shared, "corpus", "generated"))) {
            return s.filter(p -> p.getFileName().toString().equals(file.fileName())).sorted().limit(6).toList();
        }
    }

    @Test
    void corpusFilesAndTheirMutationsAlwaysGetAnAnswer() throws IOException {
        BundleReaders readers = new BundleReaders();
        Random random = new Random(20);
        int seeds = 0;
        int accepted = 0;
        for (BundleFile file : BundleReaders.FILES) {
            for (Path p : corpusFiles(file)) {
                byte[] original = Files.readAllBytes(p);
                assertThat(readers.load(file, original)).as("the corpus file %s reads as it is", p).isTrue();
                seeds++;
                for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
                    if (readers.load(file, mutate(original, random))) {
                        accepted++;
                    }
                }
            }
        }
        assertThat(seeds).as("corpus files found").isGreaterThan(20);
        assertThat(accepted).as("some mutations are still valid input").isPositive();
    }

    static byte[] mutate(byte[] in, Random r) {
        List<Byte> b = new ArrayList<>(in.length + 64);
        for (byte x : in) {
            b.add(x);
        }
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && !b.isEmpty(); e++) {
            int at = r.nextInt(b.size());
            switch (r.nextInt(6)) {
                case 0 -> b.set(at, (byte) r.nextInt(256));
                case 1 -> b.subList(at, Math.min(b.size(), at + 1 + r.nextInt(32))).clear();
                case 2 -> b.subList(at, b.size()).clear();
                case 3 -> {
                    List<Byte> piece = new ArrayList<>(b.subList(at, Math.min(b.size(), at + 1 + r.nextInt(64))));
                    b.addAll(at, piece);
                }
                case 4 -> {
                    for (int k = 0; k < 300; k++) {
                        b.add(at, (byte) (r.nextBoolean() ? '[' : '{'));
                    }
                }
                default -> b.add(at, "\"=\n\r\t\0,:".getBytes(java.nio.charset.StandardCharsets.UTF_8)[r.nextInt(8)]);
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }
}
