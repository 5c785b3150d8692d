package io.nflint.cli.bench;

import io.nflint.gen.KubeProxyDumpGenerator;
import io.nflint.gen.NftKubeProxyGenerator;
import io.nflint.host.HostModel;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckRunner;
import io.nflint.rules.Finding;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The nftables part of {@code nflint bench}: kube-proxy's nftables ruleset at N services, parse and
 * all checks in this JVM next to {@code nft -c -f} validating the same file in a throw-away network
 * namespace, alternating, the middle of three runs each.
 */
final class NftBench {

    private NftBench() {
    }

    static String run(List<Integer> sizes, Path tmp, PrintWriter err) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("\n## nftables (kube-proxy nftables mode, command form)\n\n")
                .append("| input | rules | set/map elements | parse | parse + all checks | nft -c -f | checks / nft -c |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (int n : sizes) {
            if (n <= 0) {
                continue;
            }
            err.println("bench: nft kube-proxy " + n + " services …");
            err.flush();
            String text = NftKubeProxyGenerator.render(new KubeProxyDumpGenerator(n, 42).services());
            Path file = tmp.resolve("kube-" + n + ".nft");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            parseAndCheck(text); // warm-up
            List<Measurement> checks = new ArrayList<>();
            List<Measurement> nfts = new ArrayList<>();
            Measurement parse = null;
            int rules = 0;
            int elements = 0;
            for (int i = 0; i < 3; i++) {
                HeapPeak.Timed<NftRuleset> p = HeapPeak.measure("parse", () -> parse(text));
                parse = parse == null || p.measurement().millis() < parse.millis() ? p.measurement() : parse;
                if (p.value() != null) {
                    rules = p.value().ruleCount();
                    elements = p.value().tables().stream().flatMap(t -> t.sets().stream())
                            .mapToInt(s -> s.elements().size()).sum();
                }
                checks.add(HeapPeak.measure("parse + all checks", () -> parseAndCheck(text)).measurement());
                nfts.add(nftCheck(file));
            }
            Measurement check = middle(checks);
            Measurement nft = middle(nfts);
            String ratio = check.millis() > 0 && nft.millis() > 0
                    ? String.format(Locale.ROOT, "%.2f×", (double) check.millis() / nft.millis()) : "—";
            sb.append("| kube-proxy ").append(n).append(" services | ").append(rules).append(" | ").append(elements)
                    .append(" | ").append(cell(parse)).append(" | ").append(cell(check)).append(" | ").append(cell(nft))
                    .append(" | ").append(ratio).append(" |\n");
            Files.deleteIfExists(file);
        }
        sb.append("\nparse and checks: wall time / peak heap / peak RSS of this JVM after a warm-up; `nft -c -f`: wall time"
                + " / its peak RSS, in a fresh network namespace per run. Goal: parse + all checks ≤ 2× `nft -c -f`,"
                + " peak RSS ≤ 1 GB.\n");
        return sb.toString();
    }

    private static NftRuleset parse(String text) {
        return NftTextParser.parse("kube.nft", text, null, NftParseOptions.defaults());
    }

    private static List<Finding> parseAndCheck(String text) {
        NftRuleset rs = parse(text);
        return CheckRunner.allChecks().run(new CheckContext("kube.nft", List.of(), List.of(rs), HostModel.empty(), false));
    }

    private static String cell(Measurement m) {
        if (m.note() != null) {
            return m.note();
        }
        StringBuilder s = new StringBuilder(m.millis() + " ms");
        if (m.peakHeapBytes() >= 0) {
            s.append(" / ").append(m.peakHeapBytes() >> 20).append(" MB");
        }
        if (m.peakRssBytes() >= 0) {
            s.append(" / ").append(m.peakRssBytes() >> 20).append(" MB");
        }
        return s.toString();
    }

    private static Measurement middle(List<Measurement> runs) {
        List<Measurement> ok = runs.stream().filter(m -> m.note() == null).sorted(Comparator.comparingLong(Measurement::millis))
                .toList();
        return ok.isEmpty() ? runs.get(0) : ok.get(ok.size() / 2);
    }

    /** {@code nft -c -f FILE} inside a network namespace made for it and deleted afterwards. */
    static Measurement nftCheck(Path file) {
        return RestoreReference.inNamespace("nft -c -f", List.of("nft", "-c", "-f", file.toString()), null);
    }
}
