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
        CliRun r = CliRun.run(dir, "bench", "--kube", "20", "--docker", "10", "--no-restore", "--out", "results");
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
    }
}
