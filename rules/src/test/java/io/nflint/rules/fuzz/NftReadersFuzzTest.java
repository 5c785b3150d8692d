package io.nflint.rules.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nflint.host.HostModel;
import io.nflint.ir.ParseDiagnostic;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.json.NftJsonReader;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.parse.NftTextParser;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckRunner;
import io.nflint.rules.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The nft text parser (with {@code define} and {@code include}) and the nft JSON reader take any
 * bytes and end in findings or positioned errors, through every check: never an exception. Inputs
 * are the shared corpus's nft files, JSON and broken variants (read in place) with fuzzer bytes
 * spliced in, or the fuzzer's bytes alone; a text input may include a second file the fuzzer
 * writes. {@code mvn test} runs the seeds under src/test/resources; {@code .ci/run} fuzzes a counted
 * number of inputs ({@code JAZZER_FUZZ=1 mvn -pl rules test -Dtest=NftReadersFuzzTest}).
 */
class NftReadersFuzzTest {

    private static final Path DIR;
    private static final List<byte[]> TEXTS;
    private static final List<byte[]> JSONS;

    static {
        try {
            DIR = Files.createTempDirectory("nflint-nft-fuzz");
            DIR.toFile().deleteOnExit();
            Path nft = corpus().resolve("nft");
            List<Path> files;
            try (Stream<Path> s = Files.walk(nft)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            TEXTS = files.stream().filter(p -> !p.toString().endsWith(".json") && !p.toString().endsWith(".tsv")
                    && !p.toString().endsWith(".md")).map(NftReadersFuzzTest::read).toList();
            JSONS = files.stream().filter(p -> p.toString().endsWith(".json")).map(NftReadersFuzzTest::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path corpus() {
        String prop = System.getProperty("nflint.shared");
        return (prop != null ? Path.of(prop) : Path.of("..", "..", "shared")).resolve("corpus").toAbsolutePath().normalize();
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxExecutions = 5_000)
    void nftReadersAnswer(FuzzedDataProvider data) throws IOException {
        boolean json = data.consumeBoolean();
        List<byte[]> bases = json ? JSONS : TEXTS;
        byte[] input;
        if (!bases.isEmpty() && data.consumeBoolean()) {
            byte[] base = bases.get(data.consumeInt(0, bases.size() - 1));
            int at = data.consumeInt(0, base.length);
            int cut = data.consumeInt(0, Math.min(64, base.length - at));
            byte[] splice = data.consumeBytes(data.consumeInt(0, 64));
            input = new byte[base.length - cut + splice.length];
            System.arraycopy(base, 0, input, 0, at);
            System.arraycopy(splice, 0, input, at, splice.length);
            System.arraycopy(base, at + cut, input, at + splice.length, base.length - at - cut);
        } else {
            input = data.consumeBytes(data.consumeInt(0, 4096));
        }
        NftRuleset rs;
        Map<String, String> texts = new HashMap<>();
        if (json) {
            rs = NftJsonReader.read("fuzz.json", input);
            texts.put("fuzz.json", new String(input, StandardCharsets.UTF_8));
        } else {
            String main = (data.consumeBoolean() ? "define v = { 22, 80 }\ninclude \"inc.nft\"\n" : "")
                    + new String(input, StandardCharsets.UTF_8);
            Files.write(DIR.resolve("inc.nft"), data.consumeRemainingAsBytes());
            rs = NftTextParser.parse("fuzz.nft", main, DIR, new NftParseOptions(List.of(DIR)), p -> p.getFileName().toString());
            texts.put("fuzz.nft", main);
            texts.putAll(rs.includedTexts());
        }
        for (ParseDiagnostic d : rs.diagnostics()) {
            positioned(d.span(), texts, d.message());
        }
        List<Finding> findings = CheckRunner.allChecks()
                .run(new CheckContext("fuzz", List.of(), List.of(rs), HostModel.empty(), false));
        for (Finding f : findings) {
            assertThat(f.span()).as("finding %s has a position", f.message()).isNotNull();
            positioned(f.span(), texts, f.message());
        }
        if (!rs.diagnostics().isEmpty()) {
            assertThat(findings).as("an unreadable input is reported").isNotEmpty();
        }
    }

    private static void positioned(io.nflint.ir.SourceSpan s, Map<String, String> texts, String what) {
        String text = texts.get(s.file());
        assertThat(text).as("%s: span names a file that was read (%s)", what, s.file()).isNotNull();
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        assertThat((long) s.line()).as("%s: line", what).isBetween(1L, lines);
        assertThat(s.column()).as("%s: column", what).isPositive();
        assertThat(s.endColumn()).as("%s: end column", what).isGreaterThanOrEqualTo(s.column());
    }
}
