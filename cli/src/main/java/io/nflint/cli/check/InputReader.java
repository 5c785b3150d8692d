package io.nflint.cli.check;

import io.nflint.cli.NflintException;
import io.nflint.host.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads every argument before any parsing starts, so an unreadable input fails the run at once
 * (exit 2) instead of after minutes of analysis of the others.
 */
public final class InputReader {

    static final String STDIN_NAME = "<stdin>";

    private InputReader() {
    }

    /**
     * Every input one argument names: itself for a dump, stdin or a host bundle; for any other
     * directory, the dumps and bundles under it (see {@link DirectoryInputs}).
     */
    public static java.util.List<InputSource> readAll(String argument, Path cwd, InputStream stdin) {
        if (!argument.equals("-")) {
            Path actual = cwd.resolve(argument);
            if (Files.isDirectory(actual) && !DirectoryInputs.isBundle(actual)) {
                java.util.List<InputSource> found = new java.util.ArrayList<>();
                for (String inner : DirectoryInputs.find(argument, actual)) {
                    found.add(read(inner, cwd, stdin));
                }
                return found;
            }
        }
        return java.util.List.of(read(argument, cwd, stdin));
    }

    /** {@code argument} is read relative to {@code cwd} but keeps its own spelling in findings. */
    public static InputSource read(String argument, Path cwd, InputStream stdin) {
        if (argument.equals("-")) {
            try {
                return new InputSource(STDIN_NAME, java.util.List.of(
                        new DumpInput(STDIN_NAME, InputFiles.read(stdin, InputFiles.Limit.DUMP), null)));
            } catch (IOException e) {
                throw NflintException.unreadable(STDIN_NAME, reason(e));
            }
        }
        Path shown = Path.of(argument);
        Path actual = cwd.resolve(shown);
        if (Files.isDirectory(actual)) {
            return HostDirectoryInputs.read(argument, shown, actual);
        }
        return new InputSource(argument, java.util.List.of(new DumpInput(display(shown), readFile(actual, shown, true), null, actual)));
    }

    /** {@code pipes}: a FIFO is read too (bash's {@code <(iptables-save)}), but not in a bundle. */
    static byte[] readFile(Path actual, Path shown, boolean pipes) {
        try {
            return InputFiles.read(actual, InputFiles.Limit.DUMP, pipes);
        } catch (IOException e) {
            throw NflintException.unreadable(display(shown), reason(e));
        } catch (OutOfMemoryError e) {
            throw NflintException.unreadable(display(shown), "too large for the heap (-Xmx)");
        }
    }

    /** The name as the user wrote it, with {@code ./} and doubled separators removed. */
    static String display(Path p) {
        String s = p.normalize().toString();
        return s.isEmpty() ? "." : s;
    }

    private static String reason(IOException e) {
        if (e instanceof InputFiles.Refused) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
