package io.nflint.cli.bench;

import io.nflint.cli.ExitCode;
import io.nflint.cli.NflintCommand;
import io.nflint.cli.diff.DiffCommand;
import io.nflint.analysis.HostAnalysis;
import io.nflint.analysis.ReachabilityMatrix;
import io.nflint.container.PortMapping;
import io.nflint.gen.DockerHostDumpGenerator;
import io.nflint.host.HostModel;
import io.nflint.ir.Family;
import io.nflint.ir.Ip;
import io.nflint.walk.Packet;
import io.nflint.walk.WalkRequest;
import io.nflint.gen.KubeProxyDumpGenerator;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckRunner;
import io.nflint.rules.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nflint bench}: generates kube-proxy and Docker dumps of several sizes and measures each
 * phase (wall time, peak heap and peak RSS), next to {@code iptables-restore --test} on the same file.
 * kube-proxy dumps are also diffed against a copy with one endpoint moved.
 * Results go to stdout and to {@code bench/results/DATE-HOST.md} with the machine described.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure parse, check, trace, matrix and diff time and peak memory on generated kube-proxy and Docker dumps.")
public final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    NflintCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--kube", split = ",", paramLabel = "SERVICES",
            description = "kube-proxy sizes (services; default 1000,5000,10000; 0 for none). 50000 needs about 4 GB of heap.")
    List<Integer> kube = new ArrayList<>(List.of(1000, 5000, 10000));

    @Option(names = "--docker", split = ",", paramLabel = "CONTAINERS", description = "Docker host sizes (containers; default 10,200,2000; 0 for none).")
    List<Integer> docker = new ArrayList<>(List.of(10, 200, 2000));

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results file (default bench/results).")
    Path out = Path.of("bench", "results");

    @Option(names = "--nft-kube", split = ",", paramLabel = "SERVICES",
            description = "kube-proxy nftables-mode sizes measured next to nft -c -f (services; default 10000; 0 for none).")
    List<Integer> nftKube = new ArrayList<>(List.of(10000));

    @Option(names = "--kube-diff", split = ",", paramLabel = "SERVICES",
            description = "kube-proxy sizes whose diff (one endpoint moved) runs in a new JVM next to iptables-restore --test"
                    + " of both files (services; default 50000; 0 for none).")
    List<Integer> kubeDiff = new ArrayList<>(List.of(50000));

    @Option(names = "--no-restore", description = "Skip the iptables-restore --test reference.")
    boolean noRestore;

    @Option(names = "--dump", paramLabel = "FILE", description = "Also measure these dumps, with their rule logic"
            + " (NFL101-NFL103) timed on its own (default: the largest TUM firewall of ../shared/corpus when present; 'none' for none).")
    List<String> dumps = new ArrayList<>(List.of(CorpusDumps.DEFAULT));

    private record Row(String input, int rules, Map<String, Measurement> phases) {
    }

    /** A generated dump and, for kube-proxy, the same dump with one service changed (for diff). */
    private record Input(String name, String dump, String changed, boolean file) {
        Input(String name, String dump, String changed) {
            this(name, dump, changed, false);
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Input> inputs = new ArrayList<>();
        for (int n : docker) {
            if (n > 0) {
                inputs.add(new Input("docker " + n + " containers", new DockerHostDumpGenerator(n, Math.max(1, n / 100)).generate(), null));
            }
        }
        for (int n : kube) {
            if (n > 0) {
                List<KubeProxyDumpGenerator.Service> services = new KubeProxyDumpGenerator(n, 42).services();
                inputs.add(new Input("kube-proxy " + n + " services", KubeProxyDumpGenerator.render(services),
                        KubeProxyDumpGenerator.render(KubeProxyDumpGenerator.oneEndpointMoved(services))));
            }
        }
        for (String d : dumps) {
            CorpusDumps.Dump dump = CorpusDumps.read(root.services().cwd(), d, err);
            if (dump != null) {
                inputs.add(new Input(dump.name(), dump.text(), null, true));
            }
        }
        List<Row> rows = new ArrayList<>();
        Path tmp = Files.createTempDirectory("nflint-bench");
        try {
            while (!inputs.isEmpty()) {
                // dropped as it is measured, so a 50k dump's text is not kept through the next one
                Input in = inputs.remove(0);
                err.println("bench: " + in.name() + " …");
                err.flush();
                rows.add(measure(in, tmp));
            }
        } finally {
            try (var s = Files.list(tmp)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
        String report = render(rows);
        Path nftTmp = Files.createTempDirectory("nflint-bench-nft");
        try {
            report += NftBench.run(nftKube, nftTmp, err);
        } finally {
            Files.deleteIfExists(nftTmp);
        }
        Path diffTmp = Files.createTempDirectory("nflint-bench-diff");
        try {
            report += ColdDiff.run(kubeDiff, diffTmp, noRestore, err);
        } finally {
            Files.deleteIfExists(diffTmp);
        }
        o.print(report);
        o.flush();
        Path dir = root.services().cwd().resolve(out);
        Files.createDirectories(dir);
        Path file = dir.resolve(LocalDate.now() + "-" + host() + ".md");
        Files.writeString(file, report, StandardCharsets.UTF_8);
        err.println("bench: results written to " + root.services().cwd().relativize(file.toAbsolutePath()));
        return ExitCode.OK;
    }

    private Row measure(Input in, Path tmp) throws IOException {
        String name = in.name();
        byte[] bytes = in.dump().getBytes(StandardCharsets.UTF_8);
        Map<String, Measurement> phases = new LinkedHashMap<>();
        Map<String, Measurement> children = children(bytes, tmp);
        HeapPeak.Timed<Ruleset> parsed = HeapPeak.measure("parse", () -> DumpParser.parse("bench.rules", bytes, ParseOptions.DETECT));
        phases.put("parse", parsed.measurement());
        if (parsed.value() == null) {
            return new Row(name, -1, phases);
        }
        HeapPeak.Timed<List<Finding>> checked = HeapPeak.measure("check", () -> {
            Ruleset rs = DumpParser.parse("bench.rules", bytes, ParseOptions.DETECT);
            return CheckRunner.allChecks().run(new CheckContext("bench.rules", List.of(rs)));
        });
        phases.put("parse + all checks", checked.measurement());
        Ruleset rs = parsed.value();
        if (in.file()) {
            // a real firewall: what matters is rule logic, which it has many rules for; no containers to trace
            phases.put(CorpusDumps.RULE_LOGIC, CorpusDumps.ruleLogic(rs));
            phases.putAll(children);
            return new Row(name, rs.ruleCount(), phases);
        }
        HostAnalysis analysis = HostAnalysis.of(List.of(rs), HostModel.empty(), false);
        HeapPeak.Timed<Integer> traced = HeapPeak.measure("trace", () -> trace(analysis));
        phases.put("trace (after parse)", traced.measurement());
        HeapPeak.Timed<Integer> matrix = HeapPeak.measure("matrix", () ->
                ReachabilityMatrix.compute(analysis, x -> true, x -> true).cells().size());
        phases.put("matrix (after parse)", matrix.measurement());
        if (in.changed() != null) {
            Ruleset changed = DumpParser.parse("changed.rules", in.changed(), ParseOptions.DETECT);
            HeapPeak.Timed<Integer> diffed = HeapPeak.measure("diff", () -> {
                StringWriter text = new StringWriter();
                long t0 = System.nanoTime();
                int status = DiffCommand.run(Map.of(rs.family(), rs), Map.of(changed.family(), changed), "text", 3,
                        new PrintWriter(text));
                if (text.toString().contains("not shown equivalent: no difference found")) {
                    // exit 1 because the solver gave up, not because it found the moved endpoint
                    throw new IllegalStateException(String.format(Locale.ROOT, "undecided after %.1f s (solver work limits)",
                            (System.nanoTime() - t0) / 1e9));
                }
                if (status != ExitCode.FINDINGS) {
                    // the table says why (a budget note, say) instead of a time for work not done
                    String notes = text.toString().lines().filter(l -> l.startsWith("note: ")).map(l -> l.substring(6))
                            .collect(java.util.stream.Collectors.joining("; "));
                    throw new IllegalStateException("diff found no difference" + (notes.isEmpty() ? "" : " (" + notes + ")"));
                }
                return status;
            });
            phases.put("diff, one endpoint moved (after parse)", diffed.measurement());
        }
        phases.putAll(children);
        return new Row(name, parsed.value().ruleCount(), phases);
    }

    /**
     * The fresh-JVM check and iptables-restore, alternating, the middle of three runs each. They run
     * before this JVM's own phases for the input, once its compiler threads have gone quiet: on two
     * cores a C2 queue still draining from the previous input slowed both children by a tenth.
     */
    private Map<String, Measurement> children(byte[] bytes, Path tmp) throws IOException {
        Path f = tmp.resolve("dump.rules");
        Files.write(f, bytes);
        settle();
        List<Measurement> colds = new ArrayList<>();
        List<Measurement> restores = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            colds.add(ColdCheck.measure(f));
            if (!noRestore) {
                restores.add(RestoreReference.measure(f));
            }
        }
        Map<String, Measurement> out = new LinkedHashMap<>();
        Measurement cold = middle(colds);
        out.put(ColdCheck.PHASE, cold);
        if (!noRestore) {
            Measurement restore = middle(restores);
            out.put("iptables-restore --test", restore);
            if (cold.millis() > 0 && restore.millis() > 0) {
                out.put("new JVM / restore", Measurement.text("ratio",
                        String.format(Locale.ROOT, "%.2f×", (double) cold.millis() / restore.millis())));
            }
            if (cold.cpuMillis() > 0 && restore.cpuMillis() > 0) {
                // the middle runs by CPU time, each: the wall-time middles may be a busier moment
                out.put("by CPU", Measurement.text("ratio", String.format(Locale.ROOT, "%.2f×",
                        (double) middleCpu(colds) / middleCpu(restores))));
            }
        }
        return out;
    }

    /** Waits (at most 10 s) until this JVM has compiled nothing for half a second. */
    private static void settle() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        System.gc();
        long deadline = System.nanoTime() + 10_000_000_000L;
        long last = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        try {
            do {
                Thread.sleep(500);
                long now = last < 0 ? -1 : jit.getTotalCompilationTime();
                if (now == last) {
                    return;
                }
                last = now;
            } while (System.nanoTime() < deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long middleCpu(List<Measurement> runs) {
        long[] cpu = runs.stream().mapToLong(Measurement::cpuMillis).sorted().toArray();
        return cpu[cpu.length / 2];
    }

    /** The middle of the runs by time; a failed run stands for all. */
    private static Measurement middle(List<Measurement> runs) {
        for (Measurement m : runs) {
            if (m.millis() < 0) {
                return m;
            }
        }
        List<Measurement> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingLong(Measurement::millis));
        return sorted.get(sorted.size() / 2);
    }

    /**
     * One packet from outside to the first published port or service the nat rules map (the
     * walker's set-up, indexing the rule set, is part of the time), like {@code nflint trace}.
     */
    private static int trace(HostAnalysis analysis) {
        List<PortMapping> mappings = analysis.portMappings(Family.IPV4);
        if (mappings.isEmpty()) {
            return 0;
        }
        PortMapping m = mappings.get(0);
        Ip dst = m.hostAddress() != null ? m.hostAddress().address()
                : analysis.host().localAddresses().stream().filter(ip -> !ip.v6() && (ip.v4Value() >>> 24) != 127)
                        .findFirst().orElse(Ip.v4(203, 0, 113, 1));
        Packet p = m.protocol() == Packet.UDP ? Packet.udp(Ip.v4(198, 51, 100, 20), 40000, dst, m.hostPorts().lo())
                : Packet.tcp(Ip.v4(198, 51, 100, 20), 40000, dst, m.hostPorts().lo());
        return analysis.walker().walk(WalkRequest.arriving("eth0", p)).outcomes().size();
    }

    private String render(List<Row> rows) {
        List<String> phases = new ArrayList<>();
        for (Row r : rows) {
            for (String p : r.phases().keySet()) {
                if (!phases.contains(p)) {
                    phases.add(p);
                }
            }
        }
        for (String last : List.of(ColdCheck.PHASE, "iptables-restore --test", "new JVM / restore", "by CPU")) {
            if (phases.remove(last)) {
                phases.add(last);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# nflint bench, ").append(LocalDate.now()).append("\n\n");
        sb.append("Machine: ").append(machine()).append("\n\n");
        sb.append("Load average (1, 5, 15 min) at the start: ").append(loadAtStart).append("; at the end: ").append(loadAverage())
                .append(" (runnable processes, the bench included, on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores).\n\n");
        sb.append("Each cell: wall time / peak heap / peak RSS of the process during the phase (one run, in one JVM, after the"
                + " previous phases warmed it; RSS includes Z3's native memory and the heap the JVM still holds from earlier"
                + " phases; for iptables-restore it is its own peak RSS). \"check, new JVM\" is `nflint check` in a fresh JVM with the"
                + " launcher's options and class-data archive, start-up included, against `iptables-restore --test` on the same"
                + " file (three runs each, alternating, before this JVM's own phases for the input and once its compiler"
                + " threads are idle; the middle run of each; RSS the child's own peak; CPU its user + system time, and"
                + " \"by CPU\" the ratio of the middle runs by CPU time, which a machine busy with other work changes far less"
                + " than wall time).\n\n");
        sb.append("| input | rules |");
        for (String p : phases) {
            sb.append(' ').append(p).append(" |");
        }
        sb.append("\n|---|---:|");
        sb.append("---:|".repeat(phases.size())).append('\n');
        for (Row r : rows) {
            sb.append("| ").append(r.input()).append(" | ").append(r.rules() < 0 ? "—" : Integer.toString(r.rules())).append(" |");
            for (String p : phases) {
                Measurement m = r.phases().get(p);
                sb.append(' ').append(m == null ? "—" : m.cell()).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private final String loadAtStart = loadAverage();

    private static String loadAverage() {
        try {
            String[] w = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return w[0] + " " + w[1] + " " + w[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, max heap %d MB, %s %s, Java %s (%s), %s %s",
                rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.arch"), cpu());
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the rest of the description stands
        }
        return "";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (IOException e) {
            return "host";
        }
    }
}
