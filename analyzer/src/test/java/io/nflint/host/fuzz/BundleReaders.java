package io.nflint.host.fuzz;

import io.nflint.host.BundleFile;
import io.nflint.host.BundleFormatException;
import io.nflint.host.HostBundleLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Feeds bytes to one bundle reader through the loader, the way a user's bundle reaches it: the
 * answer is a host model or a {@link BundleFormatException}; anything else thrown is a bug.
 */
final class BundleReaders {

    /** Every file the loader reads other than the dumps (which the parser's own fuzz test covers). */
    static final List<BundleFile> FILES = List.of(BundleFile.IP_ADDR, BundleFile.IP_ROUTE, BundleFile.IP_LINK,
            BundleFile.BRIDGE_LINK, BundleFile.DOCKER_INSPECT, BundleFile.DOCKER_NETWORK_INSPECT,
            BundleFile.PODMAN_INSPECT, BundleFile.PODMAN_NETWORK_INSPECT, BundleFile.SYSCTL, BundleFile.IPSET,
            BundleFile.SS_LISTEN);

    private final Path dir;

    BundleReaders() {
        try {
            dir = Files.createTempDirectory("nflint-fuzz");
            dir.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a bundle holding only {@code file} with {@code content}; true when it was accepted. */
    boolean load(BundleFile file, byte[] content) {
        Path p = dir.resolve(file.fileName());
        try {
            Files.write(p, content);
            HostBundleLoader.load(dir);
            return true;
        } catch (BundleFormatException e) {
            if (e.line() < 0 || e.column() < 0 || e.detail() == null || e.detail().length() > 2000) {
                throw new AssertionError("unpositioned or overlong error: " + e.getMessage());
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the next write replaces it anyway
            }
        }
    }
}
