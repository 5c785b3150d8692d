package io.nflint.symbolic.bench;

import io.nflint.gen.KubeProxyDumpGenerator;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.symbolic.RuleLogicReport;
import io.nflint.symbolic.SemanticDiff;
import io.nflint.symbolic.SymbolicEngine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmarks of the symbolic engine, not timed tests: run with {@code bench/symbolic.sh} (see there).
 * Prints wall time, peak Java heap and the process's peak resident memory (Z3 allocates natively).
 *
 * <pre>
 *   shadow FILE...      rule logic (NFL101-103) of each dump
 *   kube N...           rule logic of generated kube-proxy dumps with N services
 *   diff N              diff of two N-service dumps differing in one service's endpoint
 * </pre>
 */
public final class SymbolicBench {

    /** bench/symbolic.sh sets the work limits with -D, as users do on the command line. */
    private static final io.nflint.symbolic.EngineOptions OPTIONS =
            io.nflint.symbolic.EngineOptions.fromProperties(System::getProperty);

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long t0 = System.nanoTime();
        try (SymbolicEngine warm = SymbolicEngine.open(OPTIONS)) {
            // loading Z3 (unpacking the native library) is measured once, apart from the runs
        }
        System.out.printf("z3 load: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        switch (mode) {
            case "shadow":
                for (int i = 1; i < args.length; i++) {
                    Path p = Path.of(args[i]);
                    shadow(p.getFileName().toString(), DumpParser.parse(p.toString(), Files.readAllBytes(p), ParseOptions.DETECT));
                }
                break;
            case "kube":
                for (int i = 1; i < args.length; i++) {
                    int n = Integer.parseInt(args[i]);
                    String text = new KubeProxyDumpGenerator(n, 42).generate();
                    shadow("kube-" + n, DumpParser.parse("kube-" + n, text, ParseOptions.DETECT));
                }
                break;
            case "diff":
                diff(Integer.parseInt(args[1]));
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
        System.out.println(io.nflint.symbolic.EngineStats.summary());
        System.out.printf("peak heap %d MB, peak RSS %s%n", peakHeapMb(), peakRss());
    }

    private static void shadow(String name, Ruleset rs) {
        long t = System.nanoTime();
        try (SymbolicEngine e = SymbolicEngine.open(OPTIONS)) {
            long w0 = io.nflint.symbolic.EngineStats.work();
            RuleLogicReport r = e.ruleLogic(rs);
            System.out.printf("%s: %d rules, %.2f s: %d shadowed, %d redundant, %d unreachable chains, %d undecided,"
                            + " %d solver work units (max query so far %d)%n",
                    name, rs.ruleCount(), (System.nanoTime() - t) / 1e9, r.shadowed().size(), r.redundant().size(),
                    r.unreachableChains().size(), r.undecided().size(), io.nflint.symbolic.EngineStats.work() - w0,
                    io.nflint.symbolic.EngineStats.maxQueryWork());
            r.undecided().forEach(u -> System.out.println("  undecided line " + u.rule().span().line() + ": " + u.question()));
            String out = System.getProperty("bench.findings");
            if (out != null) {
                writeFindings(Path.of(out), r);
            }
        }
    }

    /**
     * Every finding with the rules that explain it, one a line, so two runs' files can be diffed
     * (-Dbench.findings=FILE; with several dumps the last one's are kept).
     */
    private static void writeFindings(Path out, RuleLogicReport r) {
        List<String> lines = new ArrayList<>();
        for (RuleLogicReport.Shadowed s : r.shadowed()) {
            StringBuilder b = new StringBuilder("shadowed " + s.rule().span().line() + " by");
            for (io.nflint.ir.Rule c : s.covering()) {
                b.append(' ').append(c.span().line());
                List<io.nflint.ir.Rule> in = s.inside(c);
                if (!in.isEmpty()) {
                    b.append(in.stream().map(x -> String.valueOf(x.span().line())).toList());
                }
            }
            b.append(" differing ").append(s.differing().stream().map(x -> x.span().line()).toList());
            lines.add(b.toString());
        }
        for (RuleLogicReport.Redundant x : r.redundant()) {
            lines.add("redundant " + x.rule().span().line() + " by " + x.decidedBy().stream().map(y -> y.span().line()).toList()
                    + " " + x.fallThrough());
        }
        for (RuleLogicReport.UnreachableChain c : r.unreachableChains()) {
            lines.add("unreachable chain " + c.table() + " " + c.chain());
        }
        for (RuleLogicReport.Undecided u : r.undecided()) {
            lines.add("undecided " + u.rule().span().line() + " " + u.question());
        }
        try {
            Files.write(out, lines);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void diff(int n) {
        KubeProxyDumpGenerator g = new KubeProxyDumpGenerator(n, 42);
        List<KubeProxyDumpGenerator.Service> services = g.services();
        List<KubeProxyDumpGenerator.Service> changed = new ArrayList<>(services);
        int i = n / 2;
        while (services.get(i).endpoints().isEmpty()) {
            i++;
        }
        KubeProxyDumpGenerator.Service s = services.get(i);
        List<String> eps = new ArrayList<>(s.endpoints());
        eps.set(0, "10.250.0.1");
        changed.set(i, new KubeProxyDumpGenerator.Service(s.namespace(), s.name(), s.clusterIp(), s.proto(), s.port(),
                s.nodePort(), eps, s.targetPort()));
        Ruleset a = DumpParser.parse("old", KubeProxyDumpGenerator.render(services), ParseOptions.DETECT);
        Ruleset b = DumpParser.parse("new", KubeProxyDumpGenerator.render(changed), ParseOptions.DETECT);
        long t = System.nanoTime();
        try (SymbolicEngine e = SymbolicEngine.open(OPTIONS)) {
            SemanticDiff d = e.diff(a, b, 3);
            System.out.printf("diff kube-%d (%d rules each, service %s changed): %.2f s, %d differences%n", n, a.ruleCount(),
                    s.name(), (System.nanoTime() - t) / 1e9, d.differences().size());
            d.undecided().forEach(u -> System.out.println("  undecided: " + u));
            d.notes().forEach(u -> System.out.println("  note: " + u));
            System.out.println("  changed: " + s.name() + " endpoints " + s.endpoints() + " -> " + changed.get(i).endpoints());
            for (SemanticDiff.Difference x : d.differences()) {
                System.out.printf("  %s %s: %s -> %s%n", x.entry(), x.witness().describe(),
                        x.oldOutcome().verdict() + " " + x.oldOutcome().translated().describe(),
                        x.newOutcome().verdict() + " " + x.newOutcome().translated().describe());
            }
        }
        t = System.nanoTime();
        try (SymbolicEngine e = SymbolicEngine.open(OPTIONS)) {
            SemanticDiff d = e.diff(a, a, 3);
            System.out.printf("diff kube-%d with itself: %.2f s, %d differences%n", n, (System.nanoTime() - t) / 1e9,
                    d.differences().size());
        }
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (Exception e) {
            return "?";
        }
        return "?";
    }
}
