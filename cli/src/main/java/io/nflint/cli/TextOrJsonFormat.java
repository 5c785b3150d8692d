package io.nflint.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --format text|json}, mixed into the commands that answer about packets (trace, matrix,
 * diff); check has its own, richer {@code --format} (several formats, each to its own file).
 */
public final class TextOrJsonFormat {

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    String format = "text";

    /** "text" or "json"; anything else is a usage error (exit 2). */
    public String value() {
        return check(format);
    }

    /** {@code format} in lower case when it is text or json; a usage error otherwise. */
    public static String check(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("text") && !f.equals("json")) {
            throw NflintException.usage("--format must be text or json, not '" + format + "'");
        }
        return f;
    }
}
