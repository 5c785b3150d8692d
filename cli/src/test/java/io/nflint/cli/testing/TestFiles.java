package io.nflint.cli.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small input files for CLI tests. */
public final class TestFiles {

    private TestFiles() {
    }

    /** Writes {@code lines} (newline-terminated) to {@code dir/name}, creating directories. */
    public static Path write(Path dir, String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }
}
