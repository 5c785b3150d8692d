package io.nflint.cli.report;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * File names as URI references for SARIF: relative to the working directory where possible (code
 * scanning resolves them against the checkout), an absolute {@code file:} URI otherwise.
 */
public final class ArtifactUris {

    private ArtifactUris() {
    }

    public static boolean isRelative(String file, Path cwd) {
        if (file.startsWith("<")) {
            return true;
        }
        Path p = Path.of(file);
        return !p.isAbsolute() || p.normalize().startsWith(cwd);
    }

    public static String of(String file, Path cwd) {
        if (file.startsWith("<")) {
            // <stdin>: no file to point at; a plain name keeps the result valid
            return file.substring(1, file.length() - 1);
        }
        Path p = Path.of(file).normalize();
        if (p.isAbsolute()) {
            if (!p.startsWith(cwd)) {
                return p.toUri().toString();
            }
            p = cwd.relativize(p);
        }
        try {
            return new URI(null, null, p.toString().replace('\\', '/'), null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot make a URI of " + file, e);
        }
    }

    /** The working directory as a {@code file:} URI ending in a slash, as SARIF's uriBaseIds need. */
    public static String base(Path cwd) {
        String s = cwd.toUri().toString();
        return s.endsWith("/") ? s : s + "/";
    }
}
