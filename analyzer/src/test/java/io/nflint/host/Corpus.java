package io.nflint.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared corpus, read in place; a missing corpus fails the test instead of skipping it. */
public final class Corpus {

    private Corpus() {
    }

    static Path generated() {
        String shared = System.getProperty("nflint.shared");
        if (shared == null) {
            throw new AssertionError("system property nflint.shared is not set (surefire sets it)");
        }
        Path dir = Path.of(shared, "corpus", "generated");
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("corpus not found at " + dir.toAbsolutePath().normalize());
        }
        return dir;
    }

    public static Path bundle(String engine, String name) {
        Path p = generated().resolve(engine).resolve(name);
        if (!Files.isDirectory(p)) {
            throw new AssertionError("bundle not found: " + p);
        }
        return p;
    }

    /** Every bundle directory: generated/<engine>/<scenario>/. */
    static List<Path> allBundles() throws IOException {
        try (Stream<Path> engines = Files.list(generated())) {
            return engines.filter(Files::isDirectory).sorted().flatMap(e -> {
                try (Stream<Path> s = Files.list(e)) {
                    return s.filter(Files::isDirectory).sorted().toList().stream();
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }).toList();
        }
    }
}
