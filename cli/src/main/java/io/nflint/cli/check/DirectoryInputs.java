package io.nflint.cli.check;

import io.nflint.cli.NflintException;
import io.nflint.host.BundleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code nflint check DIR} where DIR is not itself a host bundle: every bundle (a directory with
 * iptables.rules, ip6tables.rules or ebtables.rules, whose files belong together) and every dump file
 * under it, recursively, in name order so the report does not depend on the file system's order.
 * Hidden files and directories are skipped (.git); a bundle's own subdirectories are not searched.
 */
final class DirectoryInputs {

    /** What saved rule sets are commonly called: Debian's rules.v4/v6, *.rules, iptables-save output. */
    private static final List<String> DUMP_SUFFIXES = List.of(".rules", ".v4", ".v6", ".save", ".ipt", ".iptables",
            ".ip6tables", ".ebtables");

    private DirectoryInputs() {
    }

    /**
     * Any entry of a dump's name makes a bundle, whatever its type: a dangling link, a FIFO or a
     * directory called iptables.rules is the bundle's error to report, not a reason to skip it.
     */
    static boolean isBundle(Path dir) {
        for (BundleFile f : BundleFile.values()) {
            if (f.dump() && Files.exists(dir.resolve(f.fileName()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    /** The inputs under {@code actual}, spelled as {@code argument} followed by their relative path. */
    static List<String> find(String argument, Path actual) {
        List<String> found = new ArrayList<>();
        walk(argument, actual, found);
        if (found.isEmpty()) {
            throw NflintException.unreadable(argument, "directory holds no dump (" + String.join(", ", suffixes())
                    + ") and no host bundle (iptables.rules, ip6tables.rules, ebtables.rules, nft.rules or nft.json), also in subdirectories");
        }
        return found;
    }

    private static void walk(String shown, Path dir, List<String> found) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw NflintException.unreadable(shown, e.getMessage() == null ? "cannot list" : e.getMessage());
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            String inner = shown.endsWith("/") ? shown + name : shown + "/" + name;
            if (Files.isDirectory(p)) {
                if (isBundle(p)) {
                    found.add(inner);
                } else {
                    walk(inner, p, found);
                }
            } else if (Files.isRegularFile(p) && isDump(name)) {
                found.add(inner);
            }
        }
    }

    private static boolean isDump(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return DUMP_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    private static List<String> suffixes() {
        return DUMP_SUFFIXES.stream().map(s -> "*" + s).toList();
    }
}
