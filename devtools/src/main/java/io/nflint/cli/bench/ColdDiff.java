package io.nflint.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nflint.gen.KubeProxyDumpGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 12's diff goal: {@code nflint diff} of two kube-proxy dumps that differ in one moved
 * endpoint, in a fresh JVM as a user runs it, counted only when it is decided (a difference found,
 * every witness replayed by the walker, nothing left undecided). The reference is
 * {@code iptables-restore --test} of both files, measured in the same run.
 */
final class ColdDiff {

    static final String PHASE = "diff, new JVM";

    private ColdDiff() {
    }

    static String run(List<Integer> sizes, Path tmp, boolean noRestore, PrintWriter err) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("\n## diff of two kube-proxy dumps, one endpoint moved (new JVM)\n\n")
                .append("| input | nflint diff | witnesses | iptables-restore --test, both files | diff / restore | by CPU |\n")
                .append("|---|---:|---|---:|---:|---:|\n");
        for (int n : sizes) {
            if (n <= 0) {
                continue;
            }
            err.println("bench: diff of kube-proxy " + n + " services, one endpoint moved …");
            err.flush();
            List<KubeProxyDumpGenerator.Service> services = new KubeProxyDumpGenerator(n, 42).services();
            Path before = tmp.resolve("kube-" + n + "-old.rules");
            Path after = tmp.resolve("kube-" + n + "-new.rules");
            Path json = tmp.resolve("kube-" + n + "-diff.json");
            try {
                Files.writeString(before, KubeProxyDumpGenerator.render(services), StandardCharsets.UTF_8);
                Files.writeString(after, KubeProxyDumpGenerator.render(KubeProxyDumpGenerator.oneEndpointMoved(services)),
                        StandardCharsets.UTF_8);
                Measurement diff = ColdCheck.measureCommand(PHASE, List.of("diff", "--format", "json", "-o", json.toString(),
                        before.toString(), after.toString()), 1);
                String witnesses = diff.millis() < 0 ? "—" : decided(json);
                if (witnesses.startsWith("not decided")) {
                    diff = Measurement.failed(PHASE, witnesses);
                }
                Measurement restore = noRestore ? Measurement.failed("restore", "not run (--no-restore)") : both(before, after);
                sb.append("| kube-proxy ").append(n).append(" services | ").append(diff.cell()).append(" | ").append(witnesses)
                        .append(" | ").append(restore.cell()).append(" | ")
                        .append(ratio(diff.millis(), restore.millis())).append(" | ")
                        .append(ratio(diff.cpuMillis(), restore.cpuMillis())).append(" |\n");
            } finally {
                Files.deleteIfExists(before);
                Files.deleteIfExists(after);
                Files.deleteIfExists(json);
            }
        }
        return sb.toString();
    }

    /** What the diff's JSON report says: the witnesses, or why the run does not count. */
    private static String decided(Path json) {
        try {
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            if (root.path("undecided").size() > 0) {
                return "not decided: " + root.path("undecided").get(0).asText();
            }
            JsonNode diffs = root.path("differences");
            if (diffs.size() == 0) {
                return "not decided: no difference found";
            }
            List<String> out = new ArrayList<>();
            for (JsonNode d : diffs) {
                String status = d.path("replay").path("status").asText();
                if (!status.equals("confirmed")) {
                    return "not decided: a witness the walker does not replay (" + status + ")";
                }
                JsonNode w = d.path("witness");
                out.add(d.path("entry").asText() + " " + w.path("proto").asText() + " -> " + w.path("dst").asText() + ":"
                        + w.path("dport").asText());
            }
            return String.join(", ", out) + ", replayed";
        } catch (IOException e) {
            return "not decided: no report (" + e.getMessage() + ")";
        }
    }

    private static Measurement both(Path before, Path after) {
        Measurement a = RestoreReference.measure(before);
        Measurement b = RestoreReference.measure(after);
        if (a.millis() < 0) {
            return a;
        }
        if (b.millis() < 0) {
            return b;
        }
        return new Measurement("restore", a.millis() + b.millis(), -1, Math.max(a.peakRssBytes(), b.peakRssBytes()), null,
                a.cpuMillis() < 0 || b.cpuMillis() < 0 ? -1 : a.cpuMillis() + b.cpuMillis());
    }

    private static String ratio(long a, long b) {
        return a > 0 && b > 0 ? String.format(Locale.ROOT, "%.2f×", (double) a / b) : "—";
    }
}
