package io.nflint.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.nflint.cli.CliServices;
import io.nflint.cli.Main;
import io.nflint.parse.DumpParser;
import io.nflint.rules.CheckRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Docs that are true: every {@code $ nflint ...} (or {@code $ ./nflint ...}) line in a fenced block of
 * README.md and docs/*.md is run from the repository root with the real parser and checks, and what it
 * prints (standard output, then standard error, as a terminal shows them) must match the lines under
 * it (see {@link DocOutput} for what may vary). When checks change their findings on purpose, rewrite
 * the documented output with
 * {@code mvn -B -o -pl cli -am -Dtest=DocCommandsTest -Dsurefire.failIfNoSpecifiedTests=false -Dnflint.docs.update=true test}
 * and review the diff.
 */
class DocCommandsTest {

    private static final Path ROOT = Path.of(System.getProperty("nflint.root", "..")).toAbsolutePath().normalize();
    private static final boolean UPDATE = Boolean.getBoolean("nflint.docs.update");
    private static final String REGENERATE = "mvn -B -o -pl cli -am -Dtest=DocCommandsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dnflint.docs.update=true test";
    /** Commands a doc may show that are CI's own job, not nflint's: .ci/run runs them. */
    private static final List<String> RUN_BY_CI = List.of("mvn -B verify", "mvn -B -Pdist package");

    /** file -> replacements collected in update mode, applied once all of its commands ran. */
    private static final Map<Path, List<Replacement>> UPDATES = new java.util.TreeMap<>();

    static List<Path> docs() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandPrintsWhatTheDocsShow() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            for (DocBlock b : DocBlock.parse(ROOT.relativize(doc).toString(), lines)) {
                if (RUN_BY_CI.contains(b.command())) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(b.where() + " $ " + b.command(), () -> check(doc, b)));
            }
        }
        assertThat(tests).as("documented commands").hasSizeGreaterThan(5);
        return tests.stream();
    }

    private static void check(Path doc, DocBlock b) {
        List<String> words = new ArrayList<>(b.words());
        String program = words.remove(0);
        assertThat(program).as(b.where() + ": commands run nflint").isIn("nflint", "./nflint");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliServices services = new CliServices(DumpParser::parse, CheckRegistry::all,
                new ByteArrayInputStream(new byte[0]), Map.of("NO_COLOR", "1"), ROOT, false, false);
        Main.run(words.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), services);
        List<String> actual = new ArrayList<>(out.toString().lines().toList());
        actual.addAll(err.toString().lines().toList());
        if (DocOutput.matches(b.expected(), actual)) {
            return;
        }
        if (UPDATE) {
            synchronized (UPDATES) {
                UPDATES.computeIfAbsent(doc, d -> new ArrayList<>()).add(new Replacement(b.start(), b.end(), actual));
            }
            return;
        }
        fail(b.where() + ": `" + b.command() + "` prints something else than the docs show.\n"
                + "--- documented\n" + String.join("\n", b.expected()) + "\n"
                + "+++ printed\n" + String.join("\n", actual) + "\n"
                + "If the change is intended, rewrite the docs' output with:\n  " + REGENERATE);
    }

    @AfterAll
    static void writeUpdates() throws IOException {
        for (Map.Entry<Path, List<Replacement>> e : UPDATES.entrySet()) {
            List<String> lines = new ArrayList<>(Files.readAllLines(e.getKey(), StandardCharsets.UTF_8));
            List<Replacement> rs = new ArrayList<>(e.getValue());
            rs.sort((x, y) -> Integer.compare(y.start, x.start));
            for (Replacement r : rs) {
                lines.subList(r.start, r.end).clear();
                lines.addAll(r.start, r.lines);
            }
            Files.writeString(e.getKey(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        }
    }

    @Test
    void noCommandInTheDocsEscapesTheTest() throws IOException {
        // a command shown without "$ " would not be run, so its output could silently go stale
        for (Path doc : docs()) {
            boolean fenced = false;
            int n = 0;
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                n++;
                if (line.startsWith("```")) {
                    fenced = !fenced;
                } else if (fenced && (line.startsWith("./nflint ") || line.startsWith("mvn "))) {
                    fail(ROOT.relativize(doc) + ":" + n + ": write the command as `$ " + line + "` so the doc test runs it");
                }
            }
        }
    }

    private record Replacement(int start, int end, List<String> lines) {
    }
}
