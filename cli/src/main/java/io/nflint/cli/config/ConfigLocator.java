package io.nflint.cli.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds {@code .nflint.yaml} the way git finds {@code .git}: from a starting directory upward, but
 * not past the root of the repository the input is in (a directory holding {@code .git} or
 * {@code .hg}), so a stray file in a parent directory does not configure unrelated checkouts.
 */
public final class ConfigLocator {

    public static final String FILE_NAME = ".nflint.yaml";

    private ConfigLocator() {
    }

    /** {@code start} is the first input (a file or a directory) or the working directory for stdin. */
    public static Optional<Path> find(Path start) {
        Path dir = start.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        for (; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
            if (Files.exists(dir.resolve(".git")) || Files.exists(dir.resolve(".hg"))) {
                break;
            }
        }
        return Optional.empty();
    }
}
