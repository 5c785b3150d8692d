package io.nflint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Family;
import io.nflint.ir.Ruleset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Large dumps parse their lines on worker threads while the builder applies them; the result must
 * be exactly the one-thread result, diagnostics and their order included.
 */
class ParallelParseTest {

    @Test
    void everyCorpusDumpInOneFileParsesTheSameOnWorkerThreads() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Corpus.Entry e : Corpus.dumps()) {
            all.write(Files.readAllBytes(Corpus.root().resolve(e.file())));
            all.write('\n');
        }
        // a NUL byte and an unterminated quote in the middle, where a chunk boundary may fall
        all.write("-A INPUT -s 10.0.0.1\0 -j DROP\n-A INPUT -m comment --comment \"open\n".getBytes());
        byte[] sections = all.toByteArray();
        // the same lines as one listing (no table sections, so no section flushes the rules of the one before)
        String listing = new String(sections, StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("*") && !l.startsWith("COMMIT"))
                .collect(Collectors.joining("\n"));
        for (byte[] bytes : List.of(sections, listing.getBytes(StandardCharsets.UTF_8))) {
            for (Family f : new Family[] {Family.IPV4, Family.IPV6, Family.BRIDGE}) {
                ParseOptions options = new ParseOptions(f, null);
                Ruleset one = DumpParser.parse("all.rules", bytes, options, false);
                Ruleset many = DumpParser.parse("all.rules", bytes, options, true);
                assertThat(one.diagnostics()).as(f.toString()).hasSizeGreaterThan(100);
                assertThat(many).as(f.toString()).isEqualTo(one);
            }
        }
        Ruleset rules = DumpParser.parse("all.rules", listing.getBytes(StandardCharsets.UTF_8), ParseOptions.DETECT, true);
        assertThat(rules.ruleCount()).isGreaterThan(5_000);
    }
}
