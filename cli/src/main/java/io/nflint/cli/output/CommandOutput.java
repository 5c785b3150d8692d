package io.nflint.cli.output;

import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Where trace, matrix and diff write their one report: {@code --format NAME[=FILE]} and
 * {@code -o FILE} as {@code check} takes them, standard output when neither names a file.
 */
public final class CommandOutput {

    private CommandOutput() {
    }

    /** {@code html=out/r.html} → {@code html}; checked against the command's formats. */
    public static String format(String spec, List<String> known) {
        int eq = spec.indexOf('=');
        String name = (eq < 0 ? spec : spec.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        if (!known.contains(name)) {
            throw NflintException.usage("--format must be " + String.join(", ", known.subList(0, known.size() - 1))
                    + " or " + known.get(known.size() - 1) + ", not '" + spec + "'");
        }
        if (eq >= 0 && eq == spec.length() - 1) {
            throw NflintException.usage("--format " + spec + ": no file after '='");
        }
        return name;
    }

    /** The file the report goes to, or null for standard output. */
    public static Path file(String spec, Path output) {
        int eq = spec.indexOf('=');
        if (eq >= 0 && output != null) {
            throw NflintException.usage("-o/--output given, but --format already names its file");
        }
        return eq >= 0 ? Path.of(spec.substring(eq + 1)) : output;
    }

    /** Runs {@code body} on standard output or on the file (its directories made), and returns its result. */
    public static <T> T write(Path file, Path cwd, PrintWriter stdout, Function<PrintWriter, T> body) {
        if (file == null) {
            T r = body.apply(stdout);
            stdout.flush();
            return r;
        }
        Path target = cwd.resolve(file);
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (PrintWriter w = new PrintWriter(new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(target),
                    StandardCharsets.UTF_8)))) {
                T r = body.apply(w);
                w.flush();
                if (w.checkError()) {
                    throw new IOException("write failed");
                }
                return r;
            }
        } catch (IOException e) {
            throw new NflintException("cannot write " + file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), ExitCode.BAD_INPUT, false);
        }
    }
}
