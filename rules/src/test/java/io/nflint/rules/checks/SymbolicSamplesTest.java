package io.nflint.rules.checks;

import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import io.nflint.rules.CheckContext;
import io.nflint.rules.CheckRunner;
import io.nflint.rules.Finding;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NFL1xx samples under the DESIGN's expectation format, run with the symbolic checks only (a
 * stand-in until the shared sample harness runs every check): each {@code # expect: ID "text"}
 * names a finding on the next rule line, and a finding on an unmarked line fails.
 */
class SymbolicSamplesTest {

    private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*(NFL\\d{3})\\s+\"([^\"]*)\"");

    @TestFactory
    Stream<DynamicTest> samples() throws IOException {
        Path dir = Path.of(System.getProperty("nflint.root", "..")).resolve("samples/checks");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("NFL1\\d\\d-.*\\.rules")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private record Expected(int line, String id, String text) {
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        String[] lines = text.split("\n", -1);
        List<Expected> expected = new ArrayList<>();
        List<String[]> pending = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = EXPECT.matcher(lines[i]);
            if (m.find()) {
                pending.add(new String[] {m.group(1), m.group(2)});
            } else if (!lines[i].startsWith("#") && !lines[i].isBlank()) {
                for (String[] p : pending) {
                    expected.add(new Expected(i + 1, p[0], p[1]));
                }
                pending.clear();
            }
        }
        Ruleset rs = DumpParser.parse(file.getFileName().toString(), text, ParseOptions.DETECT);
        CheckRunner runner = new CheckRunner(List.of(new ShadowedRuleCheck(), new RedundantRuleCheck(), new UnreachableChainCheck()), Map.of());
        List<Finding> found = runner.run(new CheckContext(file.toString(), List.of(rs)));
        for (Expected e : expected) {
            assertThat(found).as("%s at line %d: %s", e.id(), e.line(), found)
                    .anyMatch(f -> f.id().equals(e.id()) && f.span().line() == e.line() && f.message().contains(e.text()));
        }
        for (Finding f : found) {
            assertThat(expected).as("unexpected finding %s at line %d: %s", f.id(), f.span().line(), f.message())
                    .anyMatch(e -> e.id().equals(f.id()) && e.line() == f.span().line());
        }
    }
}
