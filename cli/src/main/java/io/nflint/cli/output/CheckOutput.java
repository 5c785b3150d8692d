package io.nflint.cli.output;

import io.nflint.cli.NflintException;
import io.nflint.cli.report.OutputFormat;
import io.nflint.cli.report.ReportData;
import io.nflint.rules.Finding;
import io.nflint.rules.Severity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * What {@code check} writes where: one or more reports ({@code --format X[=FILE]}, {@code -o}), the
 * severity filter, and what goes to stderr ({@code --quiet}, {@code --statistics}). Reporters write one
 * format to one writer; this class only routes them, so a new format needs no change here.
 */
public final class CheckOutput {

    @Option(names = "--format", paramLabel = "FORMAT[=FILE]",
            description = "Output format: text, json, sarif, github, checkstyle, html (default: text). "
                    + "Give it several times to write several reports in one run, each FORMAT=FILE to its own file; "
                    + "at most one goes to standard output.")
    List<String> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report that has no =FILE to FILE instead of standard output.")
    Path output;

    @Option(names = {"--min-severity", "--severity"}, paramLabel = "LEVEL",
            description = "Report only findings at or above LEVEL: error, warning, info (default: info, everything).")
    Severity minSeverity;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on standard error but errors: no summary, no progress.")
    boolean quiet;

    @Option(names = "--statistics", description = "Print how many findings each check reported on standard error.")
    boolean statistics;

    /** The reports to write, in the order given; validated before any analysis runs. */
    public List<OutputTarget> targets(Path cwd) {
        List<OutputTarget> targets = new ArrayList<>();
        for (String spec : formats.isEmpty() ? List.of("text") : formats) {
            targets.add(OutputTarget.parse(spec));
        }
        List<OutputTarget> resolved = new ArrayList<>();
        boolean outputUsed = false;
        boolean stdoutUsed = false;
        Set<Path> files = new LinkedHashSet<>();
        for (OutputTarget t : targets) {
            Optional<Path> file = t.file();
            if (file.isEmpty() && output != null) {
                if (outputUsed) {
                    throw NflintException.usage("-o/--output names one file, but several --format have no =FILE");
                }
                outputUsed = true;
                file = Optional.of(output);
            }
            if (file.isEmpty()) {
                if (stdoutUsed) {
                    throw NflintException.usage("several --format write to standard output; give all but one a file (FORMAT=FILE)");
                }
                stdoutUsed = true;
            } else if (!files.add(cwd.resolve(file.get()).normalize())) {
                throw NflintException.usage("two reports would be written to " + file.get());
            }
            resolved.add(new OutputTarget(t.format(), file));
        }
        if (output != null && !outputUsed) {
            throw NflintException.usage("-o/--output given, but every --format already names its file");
        }
        return resolved;
    }

    public boolean quiet() {
        return quiet;
    }

    /** The findings {@code --min-severity} keeps. */
    public List<Finding> filter(List<Finding> findings) {
        if (minSeverity == null) {
            return findings;
        }
        return findings.stream().filter(f -> f.severity().atLeast(minSeverity)).toList();
    }

    /** Writes every report; {@code color} applies to text on standard output only. */
    public void write(List<OutputTarget> targets, ReportData data, Path cwd, PrintWriter out, boolean color) {
        for (OutputTarget t : targets) {
            if (t.file().isEmpty()) {
                t.format().reporter(color && t.format() == OutputFormat.TEXT).write(data, out);
                out.flush();
                continue;
            }
            Path file = cwd.resolve(t.file().get());
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (PrintWriter w = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                        Files.newOutputStream(file), StandardCharsets.UTF_8)))) {
                    t.format().reporter(false).write(data, w);
                    w.flush();
                    if (w.checkError()) {
                        throw new IOException("write failed");
                    }
                }
            } catch (IOException e) {
                throw new NflintException("cannot write " + t.file().get() + ": " + reason(e),
                        io.nflint.cli.ExitCode.BAD_INPUT, false);
            }
        }
    }

    /** The summary line and, with --statistics, the counts per check. */
    public void finish(ReportData data, PrintWriter err) {
        if (statistics) {
            Statistics.print(data.findings(), data.catalog(), err);
        }
        if (!quiet) {
            err.println("nflint: " + data.summary().describe());
        }
        err.flush();
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
