package io.nflint.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.cli.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @Test
    void writesOneRowPerSizeWithEveryPhaseAndSaysWhyANewJvmIsNotTimedOutsideTheJar(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.run(dir, "bench", "--kube", "20", "--docker", "10", "--kube-diff", "30", "--no-restore",
                "--out", "results");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<Path> files;
        try (var s = Files.list(dir.resolve("results"))) {
            files = s.toList();
        }
        assertThat(files).hasSize(1);
        String table = Files.readString(files.get(0));
        assertThat(table).startsWith("# nflint bench, ").contains("Machine: ");
        String header = table.lines().filter(l -> l.startsWith("| input |")).findFirst().orElseThrow();
        assertThat(header).contains("| parse |", "| parse + all checks |", "| trace (after parse) |", "| matrix (after parse) |",
                "| diff, one endpoint moved (after parse) |");
        assertThat(header).endsWith("| check, new JVM |");
        List<String> rows = table.lines().filter(l -> l.startsWith("| docker 10 containers") || l.startsWith("| kube-proxy 20 services"))
                .toList();
        assertThat(rows).hasSize(2);
        // tests run from classes, not the shaded jar: the cell says so instead of a made-up time
        assertThat(rows).allMatch(l -> l.endsWith("| n/a (not run from nflint.jar) |"));
        assertThat(rows.get(1)).matches(".*\\| \\d+ ms / \\d+ MB / \\d+ MB \\| .*");
        // the fresh-JVM diff row is there and says why it has no time when not run from the jar
        assertThat(table).contains("| kube-proxy 30 services | n/a (not run from nflint.jar) |");
    }

    @Test
    void aDumpGivenWithDumpGetsARowWithItsRuleLogicTimedAndItsCpuTime(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("fw.rules"), String.join("\n", "*filter", ":INPUT DROP [0:0]", ":FORWARD DROP [0:0]",
                ":OUTPUT ACCEPT [0:0]", "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT", "-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT",
                "COMMIT", ""));
        CliRun r = CliRun.run(dir, "bench", "--kube", "0", "--docker", "0", "--nft-kube", "0", "--kube-diff", "0", "--no-restore",
                "--dump", "fw.rules",
                "--out", "results");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String table;
        try (var s = Files.list(dir.resolve("results"))) {
            table = Files.readString(s.findFirst().orElseThrow());
        }
        assertThat(table).contains("Load average (1, 5, 15 min) at the start: ");
        String header = table.lines().filter(l -> l.startsWith("| input |")).findFirst().orElseThrow();
        assertThat(header).contains("| rule logic NFL101–103 (after parse) |").doesNotContain("trace");
        String row = table.lines().filter(l -> l.startsWith("| fw.rules | 2 |")).findFirst().orElseThrow();
        assertThat(row).matches(".*\\| \\d+ ms / \\d+ MB / \\d+ MB / CPU \\d+\\.\\d\\d s \\|.*");
    }
}
