package io.nflint.cli.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds {@code .nflint.yaml} the way git finds {@code .git}: from a starting directory upward, but
 * not past the root of the repository the input is in (a directory holding {@code .git} or
 * {@code .hg}), the user's home, a directory owned by someone other than the owner of the starting
 * directory, or a world-writable directory such as {@code /tmp}: a config changes what root's checks
 * report, so one planted in a shared directory must not be picked up. A candidate that is
 * world-writable, or owned by neither the user nor the starting directory's owner, is never read:
 * the caller is told, and {@code --config} names a file explicitly.
 */
public final class ConfigLocator {

    public static final String FILE_NAME = ".nflint.yaml";

    private ConfigLocator() {
    }

    /** {@code start} is the first input (a file or a directory) or the working directory for stdin. */
    public static Optional<Path> find(Path start) {
        return find(start, Path.of(System.getProperty("user.home", "/")), skipped -> {
        });
    }

    /** As above, stopping at {@code home}; {@code skipped} hears of each candidate that was not trusted. */
    public static Optional<Path> find(Path start, Path home, Consumer<String> skipped) {
        Path dir = start.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        Path homeDir = home.toAbsolutePath().normalize();
        UserPrincipal startOwner = dir == null ? null : owner(dir);
        UserPrincipal me = currentUser(homeDir);
        for (; dir != null; dir = dir.getParent()) {
            PosixFileAttributes attrs = attributes(dir);
            if (attrs != null && startOwner != null && !attrs.owner().equals(startOwner)) {
                break;
            }
            Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                String why = distrust(candidate, me, startOwner);
                if (why == null) {
                    return Optional.of(candidate);
                }
                skipped.accept(candidate + " is not read: " + why + "; name it with --config to use it anyway");
                return Optional.empty();
            }
            if (Files.exists(dir.resolve(".git")) || Files.exists(dir.resolve(".hg")) || dir.equals(homeDir)
                    || attrs != null && attrs.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                break;
            }
        }
        return Optional.empty();
    }

    private static String distrust(Path file, UserPrincipal me, UserPrincipal startOwner) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        if (a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            return "it is world-writable (anyone could have written it)";
        }
        if (!a.owner().equals(me) && !a.owner().equals(startOwner) && !a.owner().getName().equals("root")) {
            return "it belongs to " + a.owner().getName() + ", not to you or the owner of the input";
        }
        return null;
    }

    private static PosixFileAttributes attributes(Path dir) {
        try {
            return Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static UserPrincipal owner(Path p) {
        PosixFileAttributes a = attributes(p);
        return a == null ? null : a.owner();
    }

    private static UserPrincipal currentUser(Path home) {
        try {
            return Path.of("").getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(Objects.requireNonNull(System.getProperty("user.name")));
        } catch (IOException | RuntimeException e) {
            return owner(home);
        }
    }
}
