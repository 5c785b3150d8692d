package io.nflint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.match.Match;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each match module's meaning lives in one place (issue 15): a {@link Match} record is named only by
 * its own file, {@code Match.java} (the sealed permits and the visitor), the readers that parse it
 * ({@code io.nflint.parse}: iptables', ebtables' and arptables' readers) and {@code MatchLowering}.
 * Everything else (engines, checks, the CLI) reads the lowered form. Runs in the cli module, whose
 * directory sits next to every other module's.
 */
class MatchHomesTest {

    private static final String LOWERING = "analyzer/src/main/java/io/nflint/lower/MatchLowering.java";
    private static final String MATCH = "grammar/src/main/java/io/nflint/ir/match/Match.java";
    private static final String PARSERS = "grammar/src/main/java/io/nflint/parse/";

    /** Every main source file of the reactor, by its path from the root, with its text. */
    private static final Map<String, String> SOURCES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).sorted().toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                        SOURCES.put(root.relativize(f).toString().replace('\\', '/'), Files.readString(f));
                    }
                }
            }
        }
        // guard against a wrong working directory that would make the test pass vacuously
        assertThat(SOURCES).containsKeys(LOWERING, MATCH);
    }

    @Test
    void everyMatchRecordIsNamedOnlyByItsRecordItsParsersAndTheLowering() {
        Class<?>[] records = Match.class.getPermittedSubclasses();
        assertThat(records).hasSizeGreaterThan(20);
        List<String> offences = new ArrayList<>();
        for (Class<?> record : records) {
            String name = record.getSimpleName();
            String own = "grammar/src/main/java/" + record.getName().replace('.', '/') + ".java";
            assertThat(SOURCES).as("the file of %s", name).containsKey(own);
            TreeSet<String> elsewhere = new TreeSet<>(namedBy(name));
            elsewhere.removeIf(f -> f.equals(own) || f.equals(MATCH) || f.equals(LOWERING) || f.startsWith(PARSERS));
            if (!elsewhere.isEmpty()) {
                offences.add(name + " is also named by " + String.join(", ", elsewhere));
            }
        }
        assertThat(offences).as("read the lowered form (io.nflint.lower: FieldTests, LoweredRule, Capabilities)"
                + " instead of match records").isEmpty();
    }

    private static List<String> namedBy(String simpleName) {
        Pattern word = Pattern.compile("\\b" + simpleName + "\\b");
        return SOURCES.entrySet().stream().filter(e -> word.matcher(e.getValue()).find()).map(Map.Entry::getKey).toList();
    }
}
