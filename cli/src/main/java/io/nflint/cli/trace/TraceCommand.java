package io.nflint.cli.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintCommand;
import io.nflint.cli.NflintException;
import io.nflint.cli.WalkInputs;
import io.nflint.walk.Choice;
import io.nflint.walk.Outcome;
import io.nflint.walk.Packet;
import io.nflint.walk.TraceStep;
import io.nflint.walk.WalkInput;
import io.nflint.walk.WalkRequest;
import io.nflint.walk.WalkResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nflint trace INPUT --in IFACE|--local --proto P [--src IP[:PORT]] --dst IP[:PORT]}: walks
 * one packet through the host like the kernel, printing TRACE lines in the kernel's vocabulary
 * with dump line numbers, then one outcome line per outcome (nondeterministic matches fork).
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Follow one packet through the rules like the kernel's TRACE target would show it.",
                "INPUT is a dump file or a host bundle directory; what the bundle lacks is inferred and printed."})
public final class TraceCommand implements Callable<Integer> {

    /** A documentation address (RFC 5737) for a sender the user did not name. */
    static final String DEFAULT_SOURCE = "198.51.100.20";
    static final int DEFAULT_SPORT = 40000;

    @ParentCommand
    NflintCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A dump file, a host bundle directory, or - for standard input.")
    Path input;

    static final class Origin {
        @Option(names = "--in", paramLabel = "IFACE", description = "The packet arrives on this interface (uplink, bridge or bridge port).")
        String iface;

        @Option(names = "--local", description = "The packet is generated on the host.")
        boolean local;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Origin origin;

    @Option(names = "--proto", defaultValue = "tcp", description = "tcp, udp or icmp (default ${DEFAULT-VALUE}).")
    String proto;

    @Option(names = "--src", paramLabel = "IP[:PORT]", description = "Source; default " + DEFAULT_SOURCE + ":" + DEFAULT_SPORT
            + " for --in, chosen by routing for --local.")
    String src;

    @Option(names = "--dst", required = true, paramLabel = "IP[:PORT]", description = "Destination.")
    String dst;

    @Option(names = "--reply", description = "Walk the reply of the connection this packet opens.")
    boolean reply;

    @Option(names = "--established", description = "Walk a later packet of the connection (ESTABLISHED).")
    boolean established;

    @picocli.CommandLine.Mixin
    io.nflint.cli.IgnoreErrorsOption ignoreErrors;

    @Option(names = "--related", description = "The packet opens a connection a conntrack helper (ftp, sip, …) expects:"
            + " RELATED, and seen by the nat table like a NEW one.")
    boolean related;

    @Option(names = "--expect", paramLabel = "VERDICT", description = "accept, drop or reject: exit 1 unless every"
            + " outcome of the walk ends so (for scripts that assert reachability).")
    String expect;

    @picocli.CommandLine.Mixin
    io.nflint.cli.ReportFormat format;


    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (expect != null && !List.of("accept", "drop", "reject").contains(expect)) {
            throw NflintException.usage("--expect must be accept, drop or reject, not '" + expect + "'");
        }
        if (root == null) {
            return run(input, input, origin.local ? null : origin.iface, proto, src, dst, reply, established,
                    format.value(), ignoreErrors.ignore(), out);
        }
        boolean stdin = input.toString().equals("-");
        boolean bundle = !stdin && java.nio.file.Files.isDirectory(root.services().cwd().resolve(input));
        String fmt = format.value();
        Path file = format.file();
        Options o = new Options(origin.local ? null : origin.iface, proto, src, dst, reply, established, related, fmt);
        WalkResult result = io.nflint.cli.output.CommandOutput.write(file, root.services().cwd(), out, w -> walk(
                () -> io.nflint.cli.NftWalkInputs.load(input.toString(), root.services().cwd(), root.services().stdin(),
                        ignoreErrors.ignore()),
                bundle, o, w, input.toString()));
        if (expect == null) {
            return ExitCode.OK;
        }
        List<String> got = result.outcomes().stream().map(x -> x.verdict().wire()).distinct().toList();
        if (got.equals(List.of(expect))) {
            return ExitCode.OK;
        }
        spec.commandLine().getErr().println("nflint: trace: expected " + expect + ", got " + String.join(" or ", got));
        spec.commandLine().getErr().flush();
        return ExitCode.FINDINGS;
    }

    /** What to walk, as the options give it. */
    record Options(String inIface, String proto, String src, String dst, boolean reply, boolean established,
                   boolean related, String format) {
    }

    /** The command without picocli, for callers that wire it differently. */
    public static int run(Path input, String inIface, String proto, String src, String dst, boolean reply,
                          boolean established, String format, PrintWriter out) {
        return run(input, input, inIface, proto, src, dst, reply, established, format, false, out);
    }

    /**
     * As above; {@code shown} is the input as the user wrote it, for file names in the output, and
     * {@code ignoreErrors} walks an input with syntax errors instead of refusing it.
     */
    public static int run(Path input, Path shown, String inIface, String proto, String src, String dst, boolean reply,
                          boolean established, String format, boolean ignoreErrors, PrintWriter out) {
        walk(() -> io.nflint.cli.NftWalkInputs.load(input, shown, ignoreErrors), java.nio.file.Files.isDirectory(input),
                new Options(inIface, proto, src, dst, reply, established, false, format), out, shown.toString());
        return ExitCode.OK;
    }

    /** Checks the options, loads the input (after the options are known to be good), walks and prints. */
    static WalkResult walk(java.util.function.Supplier<WalkInput> load, boolean bundle, Options o, PrintWriter out,
                           String inputName) {
        String format = o.format();
        String proto = o.proto();
        String src = o.src();
        String dst = o.dst();
        String inIface = o.inIface();
        if (!format.equals("text") && !format.equals("json") && !format.equals("html")) {
            throw NflintException.usage("--format must be text, json or html, not '" + format + "'");
        }
        if (!List.of("tcp", "udp", "icmp", "icmpv6", "sctp").contains(proto)) {
            throw NflintException.usage("--proto must be tcp, udp or icmp, not '" + proto + "'");
        }
        Endpoint to = Endpoint.parse(dst).orElseThrow(() -> NflintException.usage("--dst: not IP[:PORT]: '" + dst + "'"));
        List<String> assumed = new ArrayList<>();
        Endpoint from;
        if (src != null) {
            from = Endpoint.parse(src).orElseThrow(() -> NflintException.usage("--src: not IP[:PORT]: '" + src + "'"));
        } else if (inIface != null) {
            from = new Endpoint(io.nflint.ir.Ip.parse(to.ip().v6() ? "2001:db8::20" : DEFAULT_SOURCE).orElseThrow(), -1);
            assumed.add("source " + from.ip() + " (a documentation address; give --src to choose)");
        } else {
            from = new Endpoint(null, -1);
        }
        int sport = from.port();
        if (sport < 0) {
            sport = DEFAULT_SPORT;
            if (!proto.startsWith("icmp")) {
                assumed.add("source port " + DEFAULT_SPORT);
            }
        }
        if (to.port() < 0 && !proto.startsWith("icmp")) {
            throw NflintException.usage("--dst needs a port for " + proto + " (IP:PORT)");
        }
        if (from.ip() != null && from.ip().v6() != to.ip().v6()) {
            throw NflintException.usage("--src and --dst are of different address families");
        }
        WalkInput walkInput = load.get();
        InterfaceCheck.check(inIface, walkInput, bundle).ifPresent(assumed::add);
        Packet packet = Packet.of(proto.equals("icmp") && to.ip().v6() ? "icmpv6" : proto, from.ip(), sport, to.ip(), to.port());
        WalkRequest req = new WalkRequest(inIface, packet, o.reply(), o.established(), o.related());
        io.nflint.walk.Walker walker = walkInput.forFrame(inIface, packet).walker();
        WalkResult result = walker.walk(req);
        if (format.equals("json")) {
            out.println(json(result, assumed));
        } else if (format.equals("html")) {
            // --reply: the packet that opened the connection is drawn beside its reply
            WalkResult original = o.reply() ? walker.walk(new WalkRequest(inIface, packet, false, false, o.related())) : null;
            List<String> all = new ArrayList<>(assumed);
            all.addAll(result.assumptions());
            io.nflint.cli.html.TraceHtml.write(out, inputName, describe(result.request()), result, original, all,
                    io.nflint.cli.html.HookStages.of(walker, !walkInput.rulesets().isEmpty()));
        } else {
            text(result, assumed, out);
        }
        out.flush();
        return result;
    }

    /** Inference phrases its guesses as "assumed …"; say it once. */
    private static String assumed(String a) {
        return "assumed: " + (a.startsWith("assumed ") ? a.substring("assumed ".length()) : a);
    }

    private static void text(WalkResult r, List<String> assumed, PrintWriter out) {
        out.println("walk: " + describe(r.request()));
        for (String a : assumed) {
            out.println(assumed(a));
        }
        for (String a : r.assumptions()) {
            out.println(assumed(a));
        }
        int n = 0;
        for (Outcome o : r.outcomes()) {
            n++;
            out.println();
            if (r.outcomes().size() > 1) {
                out.println("outcome " + n + " of " + r.outcomes().size() + (r.truncated() ? "+" : "") + ":");
            }
            for (Choice c : o.choices()) {
                out.println("  if " + c);
            }
            String id = traceId(r.request(), n);
            for (TraceStep s : o.steps()) {
                out.println(s.render(id));
            }
            out.println("=> " + o.summary());
            for (String note : o.notes()) {
                out.println("   note: " + note);
            }
        }
        if (r.truncated()) {
            out.println();
            out.println("(more outcomes not followed: the walk forked into more than " + r.outcomes().size() + ")");
        }
    }

    /**
     * The id of an outcome's {@code nft monitor trace}-style lines: the kernel's is random per packet;
     * this one is a function of the request and the outcome, so that the same input prints the same lines.
     */
    static String traceId(WalkRequest req, int outcome) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update((describe(req) + "#" + outcome).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
    }

    private static String describe(WalkRequest req) {
        Packet p = req.packet();
        String header = p.src() == null ? p.protoName() + " (source chosen by routing) -> " + p.describe().substring(p.describe().indexOf("-> ") + 3)
                : p.describe();
        String what = (req.reply() ? "reply to " : req.established() ? "later packet of " : "")
                + (req.related() ? "RELATED (helper-expected) " : "");
        return what + header + (req.local() ? ", generated locally" : ", arriving on " + req.inIface());
    }

    static String json(WalkResult r, List<String> assumed) {
        List<Object> outcomes = new ArrayList<>();
        for (int i = 0; i < r.outcomes().size(); i++) {
            Outcome o = r.outcomes().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("verdict", o.verdict().wire());
            m.put("delivered_to", o.deliveredTo());
            m.put("out_iface", o.outIface());
            Map<String, Object> pkt = new LinkedHashMap<>();
            Packet p = o.packet();
            pkt.put("proto", p.protoName());
            pkt.put("src", p.src() == null ? null : p.src().toString());
            pkt.put("sport", p.sport() < 0 ? null : p.sport());
            pkt.put("dst", p.dst().toString());
            pkt.put("dport", p.dport() < 0 ? null : p.dport());
            m.put("packet", pkt);
            List<Object> steps = new ArrayList<>();
            for (TraceStep s : o.steps()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("table", s.family().equals("eb") ? "eb:" + s.table() : s.table());
                sm.put("chain", s.chain());
                sm.put("rule", s.ruleNumber());
                sm.put("line", s.line());
                sm.put("kind", s.kind().wire());
                TraceSteps.describe(s, sm);
                steps.add(sm);
            }
            m.put("steps", steps);
            List<String> notes = new ArrayList<>();
            if (o.rejectWith() != null) {
                notes.add("rejected with " + o.rejectWith());
            }
            for (Choice c : o.choices()) {
                notes.add("choice: " + c);
            }
            notes.addAll(o.notes());
            for (String a : assumed) {
                notes.add(assumed(a));
            }
            for (String a : r.assumptions()) {
                notes.add(assumed(a));
            }
            if (r.truncated() && i == r.outcomes().size() - 1) {
                notes.add("more outcomes not followed: the walk forked into more than " + r.outcomes().size());
            }
            m.put("notes", notes);
            outcomes.add(m);
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("outcomes", outcomes);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(top);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
