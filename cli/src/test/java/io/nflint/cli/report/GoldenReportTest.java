package io.nflint.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each format's output for {@link SampleReport}, compared byte for byte with
 * {@code src/test/resources/golden}. After an intended change, regenerate with
 * {@code mvn -pl cli -am test -Dtest=GoldenReportTest -Dsurefire.failIfNoSpecifiedTests=false -Dnflint.updateGolden=true}
 * and review the diff.
 */
class GoldenReportTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @CsvSource({"text,false,sample.txt", "text,true,sample-color.txt", "json,false,sample.json",
            "sarif,false,sample.sarif", "github,false,sample.github.txt", "checkstyle,false,sample.checkstyle.xml"})
    void matchesGolden(String format, boolean color, String golden) throws IOException {
        String actual = render(OutputFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT)), color);
        Path file = GOLDEN.resolve(golden);
        if (Boolean.getBoolean("nflint.updateGolden")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file (regenerate with -Dnflint.updateGolden=true)").exists();
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    static String render(OutputFormat format, boolean color) {
        StringWriter sw = new StringWriter();
        format.reporter(color).write(SampleReport.data(), new PrintWriter(sw));
        return sw.toString();
    }
}
