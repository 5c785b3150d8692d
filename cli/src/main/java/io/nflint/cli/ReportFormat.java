package io.nflint.cli;

import io.nflint.cli.output.CommandOutput;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --format text|json|html[=FILE]} and {@code -o FILE}, mixed into the commands that answer
 * about packets (trace, matrix, diff); check has its own, richer {@code --format} (several formats,
 * each to its own file).
 */
public final class ReportFormat {

    private static final List<String> FORMATS = List.of("text", "json", "html");

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT[=FILE]",
            description = "text, json or html (default: ${DEFAULT-VALUE}); FORMAT=FILE writes it to FILE.")
    String format = "text";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    /** "text", "json" or "html"; anything else is a usage error (exit 2). */
    public String value() {
        return CommandOutput.format(format, FORMATS);
    }

    /** Where the report goes: FORMAT=FILE, else {@code -o}, else null for standard output. */
    public Path file() {
        return CommandOutput.file(format, output);
    }
}
