package io.nflint.cli.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Set;

/**
 * {@code ignore: [{path: "hosts/legacy-*.rules", checks: [NFL103]}]}: findings in matching files are
 * dropped, for the listed checks or (no {@code checks}) for all. The glob is matched against the path
 * relative to the config file's directory, so the config means the same from any working directory.
 */
public record IgnoreEntry(String glob, Set<String> checks, Path base) {

    public IgnoreEntry {
        checks = Set.copyOf(checks);
    }

    public boolean covers(Path file, String checkId) {
        if (!checks.isEmpty() && !checks.contains(checkId)) {
            return false;
        }
        Path abs = file.toAbsolutePath().normalize();
        Path rel = abs.startsWith(base) ? base.relativize(abs) : abs;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        return m.matches(rel) || m.matches(abs);
    }
}
