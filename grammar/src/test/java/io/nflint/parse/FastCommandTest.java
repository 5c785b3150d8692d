package io.nflint.parse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines read without the generated parser get exactly the syntax the grammar gives them. */
class FastCommandTest {

    private final LineParser parser = new LineParser();

    private LineSyntax direct(String line) {
        return parser.parse("f.rules", new SourceText.Line(7, line, 1000, false), true);
    }

    private LineSyntax grammar(String line) {
        return parser.parse("f.rules", new SourceText.Line(7, line, 1000, false), false);
    }

    /** The direct answer, or null when the line is left to the grammar. */
    private static LineSyntax.Command fast(LineParser spans, String line) {
        int[] scan = FastLineLexer.scan(line);
        return scan == null ? null : FastCommand.of(spans, line, scan);
    }

    private LineSyntax.Command fast(String line) {
        // spans need the parser's current line: parse it the grammar's way first
        grammar(line);
        return fast(parser, line);
    }

    @Test
    void everyCorpusAndSampleRuleLineGetsTheGrammarsSyntax() throws IOException {
        int compared = 0;
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(Corpus.root(), Path.of("..", "samples"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".json")
                        && !p.getFileName().toString().endsWith(".md") && !p.getFileName().toString().endsWith(".tsv")).forEach(files::add);
            }
        }
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            for (String line : text.split("\r?\n", -1)) {
                if (line.isBlank()) {
                    continue;
                }
                LineSyntax g = grammar(line);
                LineSyntax.Command d = fast(parser, line);
                if (d != null) {
                    assertThat(d).as("%s: %s", f, line).isEqualTo(g);
                    compared++;
                } else {
                    assertThat(direct(line)).as("%s: %s", f, line).isEqualTo(g);
                }
            }
        }
        // most lines of a dump are rules: the direct path must be the common one, or it saves nothing
        assertThat(compared).isGreaterThan(50_000);
    }

    @Test
    void negationsQuotesAndLeadingWordsAsTheGrammarReadsThem() {
        for (String line : List.of(
                "-A INPUT ! -s 10.0.0.0/8 -m multiport --dports 22,443 -j DROP",
                "-A INPUT -s ! 10.0.0.0/8 -j DROP",
                "-A INPUT -p tcp --syn ! --foo -j DROP",
                "-A INPUT -p tcp --syn !",
                "[0:0] -A FORWARD -o docker0 -j ACCEPT",
                "-A X -m comment --comment \"\" -j RETURN",
                "-A X -m comment --comment \"a b\" \"c\" -j RETURN",
                "-I INPUT 3 -j ACCEPT")) {
            LineSyntax.Command d = fast(line);
            assertThat(d).as(line).isNotNull().isEqualTo(grammar(line));
            assertThat(direct(line)).as(line).isEqualTo(grammar(line));
        }
    }

    @Test
    void headersDeclarationsCommentsAndErrorsAreLeftToTheGrammar() {
        for (String line : List.of("*nat", ":KUBE-SERVICES - [0:0]", "COMMIT", "# a comment", "-A X ! ! -s 1.2.3.4",
                "just words", "-A X ! !", "\"q\" -A X", "-A X -s 1.2.3.4 !")) {
            assertThat(fast(line)).as(line).isNull();
            assertThat(direct(line)).as(line).isEqualTo(grammar(line));
        }
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of(" ", "\t", "!", "-", "--", "\"", "#", "*", ":", "COMMIT", "-A", "-j", "--dport",
                        "--d_x-1", "-1", "x", "Z", "0", "[0:0]", "\\", ","),
                Arbitraries.strings().withChars(" \t!-\"#*:aZ09_").ofMaxLength(4));
        return pieces.list().ofMaxSize(12).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void randomLinesGetTheGrammarsSyntax(@ForAll("lines") String line) {
        if (!line.isBlank()) {
            assertThat(direct(line)).as(line).isEqualTo(grammar(line));
        }
    }
}
