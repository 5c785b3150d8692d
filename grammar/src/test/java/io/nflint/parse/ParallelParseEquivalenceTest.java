package io.nflint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The parallel parse (lines on parse threads, plain appends assembled there) gives exactly what the
 * one-thread parse gives — rules, chains, tables and every diagnostic — on every input of the
 * corpus, the malformed ones included, and on inputs made to hit its fallbacks.
 */
class ParallelParseEquivalenceTest {

    static Stream<Corpus.Entry> inputs() {
        return Corpus.manifest().stream()
                .filter(e -> e.file().endsWith(".rules") || e.file().endsWith(".rules6") || e.kind().equals("bad-input"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void corpusInputParsesTheSameOnParseThreads(Corpus.Entry entry) throws IOException {
        byte[] bytes = Files.readAllBytes(Corpus.root().resolve(entry.file()));
        assertSame(entry.file(), bytes);
    }

    @Test
    void appendsThatAreNotPlainOrMeetAnotherTableFallBackToTheOrdinaryPath() {
        String text = """
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                -A INPUT -p tcp --dport 22 -j ACCEPT
                [5:300] -A INPUT -p tcp --dport 23 -j ACCEPT
                -A INPUT -c 1 2 -p tcp --dport 24 -j ACCEPT
                -A INPUT -t nat -j ACCEPT
                -A INPUT -p tcp --dport 99999 -j ACCEPT
                ! -A INPUT -j ACCEPT
                -A INPUT FORWARD -j ACCEPT
                -A NEWCHAIN -j ACCEPT
                -A INPUT -p tcp -m tcp --dport 25 -j ACCEPT -A FORWARD
                -A INPUT -4 -j ACCEPT
                -A INPUT -6 -j ACCEPT
                -I INPUT 1 -j DROP
                -D INPUT -p tcp --dport 22 -j ACCEPT
                COMMIT
                -A INPUT -j ACCEPT
                *nat
                :PREROUTING ACCEPT [0:0]
                -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080
                -A PREROUTING -j REJECT
                *mangle
                -A PREROUTING -j MARK --set-mark 1
                COMMIT
                """;
        assertSame("mixed.rules", text.getBytes(StandardCharsets.UTF_8));
        Ruleset rs = DumpParser.parse("mixed.rules", text.getBytes(StandardCharsets.UTF_8), ParseOptions.DETECT, true);
        assertThat(rs.diagnostics()).isNotEmpty();
        assertThat(rs.rules()).isNotEmpty();
    }

    private static void assertSame(String name, byte[] bytes) {
        Ruleset one = DumpParser.parse(name, bytes, ParseOptions.DETECT, false);
        Ruleset many = DumpParser.parse(name, bytes, ParseOptions.DETECT, true);
        assertThat(many.diagnostics()).as(name + ": diagnostics").isEqualTo(one.diagnostics());
        assertThat(many.tables()).as(name + ": tables").isEqualTo(one.tables());
        assertThat(many).as(name).isEqualTo(one);
    }
}
