package io.nflint.cli.bench;

import io.nflint.ir.Ruleset;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckRunner;
import io.nflint.rules.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real dumps beside the generated ones: hand-written firewalls are what rule logic (NFL101–NFL103)
 * is slow on, so their row times it on its own. The default is the largest TUM firewall of the
 * shared corpus (5.5k rules, issue 12's goal: rule logic in at most 5 s), found from a checkout
 * next to {@code shared/}; it is skipped, with a note, where there is none.
 */
final class CorpusDumps {

    static final String DEFAULT = "../shared/corpus/iptables/net-network/"
            + "configs_chair_for_Network_Architectures_and_Services__iptables-save-2016-06-27_16-29-01.rules";
    static final String RULE_LOGIC = "rule logic NFL101–103 (after parse)";

    record Dump(String name, String text) {
    }

    private CorpusDumps() {
    }

    /** The dump {@code spec} names (relative to {@code cwd}), or null when there is none to measure. */
    static Dump read(Path cwd, String spec, PrintWriter err) throws IOException {
        if (spec.equals("none")) {
            return null;
        }
        Path file = cwd.resolve(spec).normalize();
        if (!Files.isReadable(file)) {
            if (!spec.equals(DEFAULT)) {
                throw new IOException("cannot read " + spec);
            }
            err.println("bench: no " + spec + " here (a checkout next to the project's shared corpus has it): its row is left out");
            return null;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return new Dump(file.getFileName().toString(), text);
    }

    /** The rule-logic checks alone, as {@code check} runs them (the rule set parsed already). */
    static Measurement ruleLogic(Ruleset rs) {
        long[] cpu = new long[2];
        HeapPeak.Timed<List<Finding>> t = HeapPeak.measure(RULE_LOGIC, () -> {
            // started here, after HeapPeak's collection of earlier garbage
            cpu[0] = processCpuNanos();
            List<Finding> f = CheckRunner.select(Set.of("NFL101", "NFL102", "NFL103"), Set.of(), Map.of())
                    .run(new CheckContext(rs.file(), List.of(rs)));
            cpu[1] = processCpuNanos();
            return f;
        });
        // the whole process's CPU: rule logic runs on two threads, and Z3's time is native
        return cpu[0] < 0 || t.measurement().millis() < 0 ? t.measurement()
                : t.measurement().withCpu((cpu[1] - cpu[0]) / 1_000_000);
    }

    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
