package io.nflint.cli.matrix;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.analysis.HostAnalysis;
import io.nflint.analysis.ReachabilityMatrix;
import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintCommand;
import io.nflint.cli.NflintException;
import io.nflint.cli.WalkInputs;
import io.nflint.walk.WalkInput;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nflint matrix INPUT}: who reaches whom among the containers, the host and the outside.
 * The analysis (walks, NAT, verdicts) is the analyzer's; this class only filters and prints.
 */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Print reachability between containers, the host and the outside (docs/matrix.md).")
public final class MatrixCommand implements Callable<Integer> {

    @ParentCommand
    NflintCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A dump file, a host bundle directory, or - for standard input.")
    Path input;

    @Option(names = "--from", paramLabel = "NAME", description = "Only from this endpoint (a container name, host or outside).")
    String from;

    @Option(names = "--to", paramLabel = "NAME", description = "Only to this endpoint.")
    String to;

    @picocli.CommandLine.Mixin
    io.nflint.cli.IgnoreErrorsOption ignoreErrors;

    @picocli.CommandLine.Mixin
    io.nflint.cli.ReportFormat format;


    @Override
    public Integer call() {
        String fmt = format.value();
        Path file = format.file();
        boolean stdin = input.toString().equals("-");
        Path actual = root.services().cwd().resolve(input);
        // native nft tables (Docker 29, netavark, kube-proxy, the admin's) are walked with the xtables ones
        WalkInput in = io.nflint.cli.NftWalkInputs.load(input.toString(), root.services().cwd(), root.services().stdin(),
                ignoreErrors.ignore());
        boolean bundle = !stdin && Files.isDirectory(actual);
        // a bare ruleset's host is inferred again from all its rules, nft ones included
        HostAnalysis a = HostAnalysis.of(in.rulesets(), in.nft(), bundle ? in.host() : io.nflint.host.HostModel.empty(),
                bundle, io.nflint.lower.LoweredRuleset.lazy());
        ReachabilityMatrix.Result r = ReachabilityMatrix.compute(a, filter(from), filter(to));
        for (String name : new String[] {from, to}) {
            if (name != null && r.endpoints().stream().noneMatch(e -> e.name().equals(name))) {
                throw NflintException.usage("no endpoint named '" + name + "' (known: " + String.join(", ",
                        r.endpoints().stream().map(ReachabilityMatrix.Endpoint::name).toList()) + ")");
            }
        }
        return io.nflint.cli.output.CommandOutput.write(file, root.services().cwd(), spec.commandLine().getOut(), out -> {
            if (fmt.equals("json")) {
                json(input.toString(), r, out);
            } else if (fmt.equals("html")) {
                io.nflint.cli.html.MatrixHtml.write(out, input.toString(), a, r);
            } else {
                text(r, out);
            }
            out.flush();
            return ExitCode.OK;
        });
    }

    private static Predicate<String> filter(String name) {
        return name == null ? n -> true : name::equals;
    }

    /** One row per (from, to): the reachable and blocked ports per protocol, and how it arrives. */
    static void text(ReachabilityMatrix.Result r, PrintWriter out) {
        out.println("endpoints:");
        for (ReachabilityMatrix.Endpoint e : r.endpoints()) {
            out.printf("  %-12s %-9s %s%s%n", e.name(), e.kind(), e.address(), e.network().isEmpty() ? "" : " on " + e.network());
        }
        for (String a : r.assumptions()) {
            out.println("assumed: " + (a.startsWith("assumed ") ? a.substring(8) : a));
        }
        out.println();
        out.printf("%-12s %-12s %-28s %-20s %s%n", "FROM", "TO", "REACHABLE", "BLOCKED", "ARRIVES AS");
        Map<String, List<ReachabilityMatrix.Cell>> rows = new LinkedHashMap<>();
        for (ReachabilityMatrix.Cell c : r.cells()) {
            rows.computeIfAbsent(c.from() + "\u0000" + c.to(), k -> new ArrayList<>()).add(c);
        }
        for (List<ReachabilityMatrix.Cell> row : rows.values()) {
            ReachabilityMatrix.Cell first = row.get(0);
            String arrives = row.stream().filter(ReachabilityMatrix.Cell::reachable)
                    .map(c -> "src " + c.sourceSeen() + " -> " + c.deliveredTo()).distinct().reduce((x, y) -> x + ", " + y)
                    .orElse("");
            out.printf("%-12s %-12s %-28s %-20s %s%n", first.from(), first.to(), ports(row, true), ports(row, false), arrives);
        }
    }

    /** {@code tcp/80,443 udp/53}; a trailing {@code ?} marks a port only some outcomes reach. */
    private static String ports(List<ReachabilityMatrix.Cell> row, boolean reachable) {
        Map<String, TreeSet<String>> byProto = new LinkedHashMap<>();
        for (ReachabilityMatrix.Cell c : row) {
            if (c.reachable() == reachable) {
                byProto.computeIfAbsent(c.proto(), k -> new TreeSet<>((x, y) -> Integer.compare(
                        Integer.parseInt(x.replace("?", "")), Integer.parseInt(y.replace("?", "")))))
                        .add(c.port() + (c.may() ? "?" : ""));
            }
        }
        List<String> parts = new ArrayList<>();
        byProto.forEach((p, s) -> parts.add(p + "/" + String.join(",", s)));
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }

    /**
     * The JSON document, streamed: a large host's matrix has millions of cells, and a tree of maps
     * for them (then one string) took several times the heap of the cells themselves. The layout
     * is Jackson's default pretty printer, as before.
     */
    static void json(String input, ReachabilityMatrix.Result r, PrintWriter out) {
        try {
            JsonGenerator g = new ObjectMapper().getFactory().createGenerator(new NonClosing(out));
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("version", 1);
            g.writeStringField("input", input);
            g.writeArrayFieldStart("endpoints");
            for (ReachabilityMatrix.Endpoint e : r.endpoints()) {
                g.writeStartObject();
                g.writeStringField("name", e.name());
                g.writeStringField("kind", e.kind());
                g.writeStringField("address", e.address().toString());
                g.writeStringField("network", e.network());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("cells");
            for (ReachabilityMatrix.Cell c : r.cells()) {
                g.writeStartObject();
                g.writeStringField("from", c.from());
                g.writeStringField("to", c.to());
                g.writeStringField("proto", c.proto());
                g.writeNumberField("port", c.port());
                g.writeBooleanField("reachable", c.reachable());
                g.writeBooleanField("may", c.may());
                g.writeStringField("deliveredTo", c.deliveredTo());
                g.writeStringField("sourceSeen", c.sourceSeen());
                g.writeStringField("decidedBy", c.decidedBy());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("assumptions");
            for (String a : r.assumptions()) {
                g.writeString(a);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        out.println();
    }

    /** Lets the generator flush into the command's writer without closing it. */
    private static final class NonClosing extends FilterWriter {
        NonClosing(Writer w) {
            super(w);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
