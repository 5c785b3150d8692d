package io.nflint.host.collect;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory a bundle is written into, made safe for a collector that runs as root: it is new
 * (or empty), mode 0700, not a symbolic link, and every file is created new (O_CREAT|O_EXCL, which
 * never follows a link), mode 0600. A link planted in the directory cannot redirect a write, and a
 * stale file from an earlier run cannot be read later as part of this bundle.
 */
final class BundleDirectory {

    private final Path dir;

    private BundleDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code dir} (its parents as needed), or takes it when it is an empty directory of its own. */
    static BundleDirectory create(Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(dir)) {
                throw new IOException(dir + " is a symbolic link; give a new directory");
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " exists and is not a directory; give a new directory");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(dir + " is not empty (a file left from an earlier run would be read as part "
                            + "of this bundle); give a new or empty directory");
                }
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } else {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // the umask may have taken bits away, never added them; set exactly what is meant
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return new BundleDirectory(dir);
    }

    /** Writes a new file {@code name} with exactly {@code content}; refuses one that exists, link or not. */
    void write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))) {
            out.write(content);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while the bundle was being written (a link planted in it?); "
                    + "nothing was written over it", e);
        }
    }
}
