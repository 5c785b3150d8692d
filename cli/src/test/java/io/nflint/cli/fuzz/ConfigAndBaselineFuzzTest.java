package io.nflint.cli.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nflint.cli.NflintException;
import io.nflint.cli.baseline.BaselineFile;
import io.nflint.cli.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code .nflint.yaml} and baseline files take any bytes and answer with a value or a one-line
 * error (exit 2): never a YAML library's StackOverflowError, never an exception of another kind.
 * {@code mvn test} runs the seeds under src/test/resources; {@code .ci/run} fuzzes a counted
 * number of inputs ({@code JAZZER_FUZZ=1 mvn -pl cli test -Dtest=ConfigAndBaselineFuzzTest}).
 */
class ConfigAndBaselineFuzzTest {

    private static final Set<String> KNOWN = Set.of("NFL001", "NFL011", "NFL101", "NFL301");
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("nflint-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxExecutions = 5_000)
    void configAndBaselineReadersAnswer(FuzzedDataProvider data) throws IOException {
        boolean baseline = data.consumeBoolean();
        Path file = DIR.resolve(baseline ? "baseline.json" : ".nflint.yaml");
        Files.write(file, data.consumeRemainingAsBytes());
        try {
            if (baseline) {
                BaselineFile.read(file);
            } else {
                ConfigLoader.load(file, KNOWN);
            }
        } catch (NflintException e) {
            if (e.getMessage().length() > 2000) {
                throw new AssertionError("overlong error: " + e.getMessage().length() + " characters");
            }
        }
    }
}
