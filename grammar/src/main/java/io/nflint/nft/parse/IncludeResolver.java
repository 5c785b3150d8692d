package io.nflint.nft.parse;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Finds the files an {@code include "…"} names, as nft does: an absolute path as is; a relative one
 * in each {@code -I} directory in order (nft 1.0.6 also tries it relative to the working directory
 * first; nflint tries the including file's directory, which is what a config kept in git means).
 * A glob ({@code *}, {@code ?}, {@code [}) may match nothing; a plain name must exist. Matches of a
 * glob are read in name order, as glob(3) returns them.
 */
public record IncludeResolver(List<Path> searchPath) {

    public IncludeResolver {
        searchPath = List.copyOf(searchPath);
    }

    /**
     * The result of one include: the files, or empty with {@code missing} when a plain name was not
     * found, or empty with {@code invalid} saying why the name cannot be a path at all.
     */
    public record Found(List<Path> files, boolean missing, String invalid) {
        Found(List<Path> files, boolean missing) {
            this(files, missing, null);
        }
    }

    public Found resolve(String name, Path includingDir) {
        // nft hands the name to open(2)/glob(3) as a C string, so a NUL byte can never name a file
        if (name.indexOf('\0') >= 0) {
            return new Found(List.of(), false, "the file name contains a NUL byte");
        }
        boolean glob = name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
        List<Path> bases = new ArrayList<>();
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            return new Found(List.of(), false, "not a valid file name (" + e.getReason() + ")");
        }
        if (p.isAbsolute()) {
            bases.add(null);
        } else {
            if (includingDir != null) {
                bases.add(includingDir);
            }
            bases.addAll(searchPath);
        }
        for (Path base : bases) {
            Path full = base == null ? p : base.resolve(p);
            if (!glob) {
                if (Files.isRegularFile(full)) {
                    return new Found(List.of(full.normalize()), false);
                }
                continue;
            }
            List<Path> matches = globMatches(full);
            if (!matches.isEmpty()) {
                return new Found(matches, false);
            }
        }
        return new Found(List.of(), !glob);
    }

    private static List<Path> globMatches(Path pattern) {
        Path dir = pattern.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher m;
        try {
            m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.getFileName());
        } catch (PatternSyntaxException e) {
            // glob(3) treats an unclosed '[' as a literal character; Java refuses the pattern
            return Files.isRegularFile(pattern) ? List.of(pattern.normalize()) : List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                if (Files.isRegularFile(f) && m.matches(f.getFileName())) {
                    out.add(f.normalize());
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
