package io.nflint.cli.output;

import io.nflint.cli.NflintException;
import io.nflint.cli.report.OutputFormat;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** One report to write: a format, and the file it goes to (empty: standard output). */
public record OutputTarget(OutputFormat format, Optional<Path> file) {

    /** {@code sarif} or {@code sarif=out/nflint.sarif}, as {@code --format} takes it. */
    public static OutputTarget parse(String spec) {
        int eq = spec.indexOf('=');
        String name = (eq < 0 ? spec : spec.substring(0, eq)).strip();
        OutputFormat format = null;
        for (OutputFormat f : OutputFormat.values()) {
            if (f.toString().equals(name.toLowerCase(Locale.ROOT))) {
                format = f;
            }
        }
        if (format == null) {
            throw NflintException.usage("--format: unknown format '" + name + "' (known: " + known() + ")");
        }
        if (eq < 0) {
            return new OutputTarget(format, Optional.empty());
        }
        String file = spec.substring(eq + 1);
        if (file.isEmpty()) {
            throw NflintException.usage("--format " + spec + ": no file after '='");
        }
        return new OutputTarget(format, Optional.of(Path.of(file)));
    }

    static String known() {
        StringBuilder sb = new StringBuilder();
        for (OutputFormat f : OutputFormat.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(f);
        }
        return sb.toString();
    }
}
