package io.nflint.cli.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nflint.cli.CliServices;
import io.nflint.cli.ExitCode;
import io.nflint.cli.InputErrors;
import io.nflint.cli.NflintCommand;
import io.nflint.cli.NflintException;
import io.nflint.cli.WalkInputs;
import io.nflint.cli.check.DumpInput;
import io.nflint.cli.check.InputFormat;
import io.nflint.cli.check.InputReader;
import io.nflint.cli.check.InputSource;
import io.nflint.cli.report.JsonWriting;
import io.nflint.host.HostModel;
import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import io.nflint.ir.SourceSpan;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.symbolic.DiffContext;
import io.nflint.symbolic.EngineOptions;
import io.nflint.symbolic.WitnessPacket;
import io.nflint.symbolic.SemanticDiff;
import io.nflint.symbolic.SymbolicEngine;
import io.nflint.symbolic.SymbolicUnavailableException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nflint diff OLD NEW}: the packets whose verdict or NAT result differs between two rule sets
 * (dumps or host bundles), per entry point, as witness packets with both traces. Exit 0 when the rule
 * sets are equivalent, 1 when they differ, 2 on bad input. The CI gate for firewall changes.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show the packets whose fate differs between two rule sets (exit 1 when any does).")
public final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    NflintCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The rule set before: a dump, - for stdin, or a host bundle directory.")
    String oldInput;

    @Parameters(index = "1", paramLabel = "NEW", description = "The rule set after.")
    String newInput;

    @picocli.CommandLine.Mixin
    io.nflint.cli.ReportFormat format;


    @picocli.CommandLine.Mixin
    io.nflint.cli.IgnoreErrorsOption ignoreErrors;

    @Option(names = "--witnesses", defaultValue = "3", description = "Witness packets per entry point (default: ${DEFAULT-VALUE}).")
    int witnesses;

    @Override
    public Integer call() {
        CliServices services = root.services();
        String fmt = format.value();
        java.nio.file.Path file = format.file();
        if (witnesses < 1) {
            throw NflintException.usage("--witnesses must be at least 1");
        }
        InputSource a = InputReader.read(oldInput, services.cwd(), services.stdin());
        InputSource b = InputReader.read(newInput, services.cwd(), services.stdin());
        Map<Family, Ruleset> before = parse(a, ignoreErrors.ignore(), spec.commandLine().getErr());
        Map<Family, Ruleset> after = parse(b, ignoreErrors.ignore(), spec.commandLine().getErr());
        return io.nflint.cli.output.CommandOutput.write(file, services.cwd(), spec.commandLine().getOut(),
                out -> run(root.options().engine(), before, after, a.host(), b.host(), fmt, witnesses, out, List.of(oldInput, newInput)));
    }

    /** Parses every dump of an input, keyed by family; a syntax error is bad input (exit 2) unless ignored. */
    static Map<Family, Ruleset> parse(InputSource src, boolean ignoreErrors) {
        return parse(src, ignoreErrors, new PrintWriter(java.io.Writer.nullWriter()));
    }

    /**
     * As above; a bundle's nftables ruleset is not compared yet, and {@code err} says so. A lone
     * nftables file is refused rather than compared as nothing.
     */
    static Map<Family, Ruleset> parse(InputSource src, boolean ignoreErrors, PrintWriter err) {
        Map<Family, Ruleset> out = new EnumMap<>(Family.class);
        for (DumpInput d : src.dumps()) {
            InputFormat format = InputFormat.detect(d.displayName(), d.content());
            if (format != InputFormat.XTABLES) {
                if (!src.isBundle()) {
                    throw WalkInputs.nftablesRefused(d.displayName(), format);
                }
                err.println("nflint: note: " + d.displayName() + ": nftables tables are not compared yet (diff compares"
                        + " the bundle's iptables, ip6tables and ebtables dumps)");
                err.flush();
                continue;
            }
            Ruleset rs = DumpParser.parse(d.displayName(), d.content(), new ParseOptions(d.family(), null));
            InputErrors.refuse(List.of(rs), ignoreErrors);
            out.putIfAbsent(rs.family(), rs);
        }
        return out;
    }

    /**
     * Compares the rule sets family by family (a family only one side has is compared with an empty
     * rule set, which accepts everything) and prints the differences; returns the exit status. Kept
     * static so the command can be wired differently.
     */
    public static int run(Map<Family, Ruleset> before, Map<Family, Ruleset> after, String format, int witnesses, PrintWriter out) {
        return run(EngineOptions.DEFAULTS, before, after, null, null, format, witnesses, out);
    }

    /**
     * The same with each side's host model (null for a bare dump): routing follows the host's
     * addresses and routes, and its bridges (like ebtables rules) add the bridged entry point.
     * ebtables rules take part in the iptables and ip6tables diffs, on the bridged path.
     */
    public static int run(EngineOptions options, Map<Family, Ruleset> before, Map<Family, Ruleset> after, HostModel oldHost, HostModel newHost,
                          String format, int witnesses, PrintWriter out) {
        return run(options, before, after, oldHost, newHost, format, witnesses, out, List.of("old", "new"));
    }

    /** The same; {@code names} are the two inputs as the user named them, for the HTML page. */
    public static int run(EngineOptions options, Map<Family, Ruleset> before, Map<Family, Ruleset> after, HostModel oldHost, HostModel newHost,
                          String format, int witnesses, PrintWriter out, List<String> names) {
        List<SemanticDiff.Difference> all = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<String> families = new ArrayList<>();
        Ruleset ebOld = before.get(Family.BRIDGE);
        Ruleset ebNew = after.get(Family.BRIDGE);
        DiffContext context = new DiffContext(oldHost, newHost, ebOld, ebNew);
        try (SymbolicEngine engine = SymbolicEngine.open(options)) {
            for (Family f : Family.values()) {
                Ruleset x = before.get(f);
                Ruleset y = after.get(f);
                if (f == Family.BRIDGE) {
                    if (x != null || y != null) {
                        families.add(f.tool());
                    }
                    continue;
                }
                if (x == null && y == null && !(f.isIp() && bridgedOnly(f, ebOld, ebNew)) || !f.isIp()) {
                    if (x != null || y != null) {
                        notes.add(f.tool() + " rules are not compared yet");
                    }
                    continue;
                }
                families.add(f.tool());
                SemanticDiff d = engine.diff(x == null ? empty(f) : x, y == null ? empty(f) : y, witnesses, context);
                all.addAll(d.differences());
                d.undecided().forEach(u -> undecided.add(f.tool() + ", " + u));
                // each family's diff says what it assumes; once is enough
                d.notes().stream().filter(n -> !notes.contains(n)).forEach(notes::add);
            }
        } catch (SymbolicUnavailableException e) {
            throw new NflintException(e.getMessage(), ExitCode.INTERNAL_ERROR, false);
        }
        if (format.equals("json")) {
            out.println(JsonWriting.pretty(json(all, notes, undecided)));
        } else if (format.equals("html")) {
            io.nflint.cli.html.DiffHtml.write(out, names.get(0), names.get(1), all, notes, undecided, families);
        } else {
            text(all, notes, undecided, families, out);
        }
        out.flush();
        // a gate must not pass what the solver could not decide
        return all.isEmpty() && undecided.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    /**
     * Whether ebtables rules alone call for a diff of family {@code f}: always IPv4; IPv6 when
     * either side's ebtables rules match IPv6 frames.
     */
    private static boolean bridgedOnly(Family f, Ruleset ebOld, Ruleset ebNew) {
        if (ebOld == null && ebNew == null) {
            return false;
        }
        if (f == Family.IPV4) {
            return true;
        }
        for (Ruleset eb : new Ruleset[] {ebOld, ebNew}) {
            // an IPv6 frame test, negated or not (--ip6-* or -p IPv6)
            if (eb != null && eb.rules().stream().flatMap(r -> io.nflint.lower.LoweredRule.of(r).matches().stream())
                    .anyMatch(l -> io.nflint.lower.FieldTests.mentions(l, io.nflint.lower.Field.ETHER_TYPE, 0x86dd))) {
                return true;
            }
        }
        return false;
    }

    private static Ruleset empty(Family f) {
        return DumpParser.parse("<none>", "", new ParseOptions(f, null));
    }

    private static void text(List<SemanticDiff.Difference> all, List<String> notes, List<String> undecided,
                             List<String> families, PrintWriter out) {
        for (String n : notes) {
            out.println("note: " + n);
        }
        for (String u : undecided) {
            out.println("undecided: " + u + "; not shown equivalent");
        }
        if (all.isEmpty() && !undecided.isEmpty()) {
            out.println("not shown equivalent: no difference found, but the search did not finish");
            return;
        }
        if (all.isEmpty()) {
            out.println("equivalent: no packet is treated differently (" + String.join(", ", families) + ")");
            return;
        }
        for (SemanticDiff.Difference d : all) {
            out.println(d.entry() + ": " + d.witness().describe() + (d.mayOnly() ? "  (may: depends on " + String.join(", ", d.dependsOn()) + ")" : "")
                    + replayTag(d.replay()));
            side("old", d.oldOutcome(), d.replay().oldTrace(), out);
            side("new", d.newOutcome(), d.replay().newTrace(), out);
            for (String n : d.replay().notes()) {
                out.println("  note: " + n);
            }
        }
        long confirmed = all.stream().filter(SemanticDiff.Difference::confirmed).count();
        out.println(all.size() + (all.size() == 1 ? " difference" : " differences")
                + (confirmed == all.size() ? ", each replayed by the concrete walker"
                : " (" + confirmed + " confirmed by the concrete walker, " + (all.size() - confirmed) + " not)"));
    }

    private static String replayTag(SemanticDiff.Replay r) {
        switch (r.status()) {
            case DID_NOT_REPLAY:
                return "  (unconfirmed: witness did not replay)";
            case NOT_REPLAYED:
                return "  (unconfirmed: not replayed)";
            default:
                return "";
        }
    }

    /** The solver's claim and trace, then the walker's trace (every rule, return and policy, with dump lines). */
    private static void side(String label, SemanticDiff.Outcome o, List<String> walk, PrintWriter out) {
        out.println("  " + label + ": " + o.verdict() + (o.verdict().equals("ACCEPT") ? " as " + o.translated().describe() : "")
                + (o.masqueraded() ? " (masqueraded)" : ""));
        if (!o.trace().isEmpty()) {
            out.println("    trace: " + String.join(" > ", o.trace()));
            out.println("    rules: " + o.rules().stream().map(s -> s.file() + ":" + s.line()).collect(Collectors.joining(", ")));
        }
        if (!walk.isEmpty()) {
            out.println("    walk: " + String.join(" > ", walk));
        }
    }

    private static ObjectNode json(List<SemanticDiff.Difference> all, List<String> notes, List<String> undecided) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("equivalent", all.isEmpty() && undecided.isEmpty());
        ArrayNode diffs = root.putArray("differences");
        for (SemanticDiff.Difference d : all) {
            ObjectNode o = diffs.addObject();
            o.put("entry", d.entry());
            packet(o.putObject("witness"), d.witness());
            outcome(o.putObject("old"), d.oldOutcome(), d.replay().oldTrace());
            outcome(o.putObject("new"), d.newOutcome(), d.replay().newTrace());
            o.put("may", d.mayOnly());
            ArrayNode dep = o.putArray("depends_on");
            d.dependsOn().forEach(dep::add);
            ObjectNode replay = o.putObject("replay");
            replay.put("status", d.replay().status().name().toLowerCase(Locale.ROOT));
            ArrayNode rn = replay.putArray("notes");
            d.replay().notes().forEach(rn::add);
        }
        ArrayNode n = root.putArray("notes");
        notes.forEach(n::add);
        ArrayNode u = root.putArray("undecided");
        undecided.forEach(u::add);
        return root;
    }

    private static void packet(ObjectNode o, WitnessPacket p) {
        o.put("in_iface", p.inIface());
        o.put("proto", WitnessPacket.protoName(p.proto()));
        o.put("src", p.src().toString());
        o.put("sport", p.sport());
        o.put("dst", p.dst().toString());
        o.put("dport", p.dport());
        if (p.outIface() != null) {
            o.put("out_iface", p.outIface());
        }
        if (p.ctState() != null) {
            o.put("ctstate", p.ctState());
        }
    }

    private static void outcome(ObjectNode o, SemanticDiff.Outcome out, List<String> walk) {
        o.put("verdict", out.verdict());
        if (out.verdict().equals("ACCEPT")) {
            packet(o.putObject("translated"), out.translated());
            o.put("masquerade", out.masqueraded());
        }
        ArrayNode t = o.putArray("trace");
        out.trace().forEach(t::add);
        ArrayNode r = o.putArray("rules");
        for (SourceSpan s : out.rules()) {
            r.add(s.file() + ":" + s.line());
        }
        ArrayNode w = o.putArray("walk");
        walk.forEach(w::add);
    }
}
