package io.nflint.cli.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nflint.analysis.HostAnalysis;
import io.nflint.analysis.ReachabilityMatrix;
import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintCommand;
import io.nflint.cli.NflintException;
import io.nflint.cli.WalkInputs;
import io.nflint.walk.WalkInput;
import java.io.IOException;
import java.io.PrintWriter;
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

    @Parameters(index = "0", paramLabel = "INPUT", description = "A dump file or a host bundle directory.")
    Path input;

    @Option(names = "--from", paramLabel = "NAME", description = "Only from this endpoint (a container name, host or outside).")
    String from;

    @Option(names = "--to", paramLabel = "NAME", description = "Only to this endpoint.")
    String to;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw NflintException.usage("--format must be text or json, not '" + format + "'");
        }
        Path actual = root.services().cwd().resolve(input);
        WalkInput in = WalkInputs.load(actual, input);
        HostAnalysis a = HostAnalysis.of(in.rulesets(), in.host(), Files.isDirectory(actual));
        ReachabilityMatrix.Result r = ReachabilityMatrix.compute(a, filter(from), filter(to));
        for (String name : new String[] {from, to}) {
            if (name != null && r.endpoints().stream().noneMatch(e -> e.name().equals(name))) {
                throw NflintException.usage("no endpoint named '" + name + "' (known: " + String.join(", ",
                        r.endpoints().stream().map(ReachabilityMatrix.Endpoint::name).toList()) + ")");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(json(input.toString(), r));
        } else {
            text(r, out);
        }
        out.flush();
        return ExitCode.OK;
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

    static String json(String input, ReachabilityMatrix.Result r) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", 1);
        top.put("input", input);
        List<Map<String, Object>> eps = new ArrayList<>();
        for (ReachabilityMatrix.Endpoint e : r.endpoints()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("kind", e.kind());
            m.put("address", e.address().toString());
            m.put("network", e.network());
            eps.add(m);
        }
        top.put("endpoints", eps);
        List<Map<String, Object>> cells = new ArrayList<>();
        for (ReachabilityMatrix.Cell c : r.cells()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", c.from());
            m.put("to", c.to());
            m.put("proto", c.proto());
            m.put("port", c.port());
            m.put("reachable", c.reachable());
            m.put("may", c.may());
            m.put("deliveredTo", c.deliveredTo());
            m.put("sourceSeen", c.sourceSeen());
            m.put("decidedBy", c.decidedBy());
            cells.add(m);
        }
        top.put("cells", cells);
        top.put("assumptions", r.assumptions());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(top);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
