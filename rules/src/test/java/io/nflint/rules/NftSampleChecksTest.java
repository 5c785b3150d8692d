package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.host.HostModel;
import io.nflint.ir.nft.NftRuleset;
import io.nflint.nft.parse.NftParseOptions;
import io.nflint.nft.hooks.NftHooksReader;
import io.nflint.nft.parse.NftTextParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The nft samples (samples/checks/NFL6xx-*.nft, each bug beside its fixed twin) against their
 * expectation comments, and the corpus's broken nft variants against nft 1.0.6's recorded verdicts.
 */
class NftSampleChecksTest {

    static List<Finding> check(Path file, String shown) throws IOException {
        NftRuleset rs = NftTextParser.parse(shown, Files.readString(file, StandardCharsets.UTF_8), file.getParent(),
                NftParseOptions.defaults(), p -> p.getFileName().toString());
        Path hooks = hooksOf(file);
        if (Files.exists(hooks)) {
            // a bundle's nft-hooks.txt, beside the sample as NAME.hooks.txt
            String text = Files.readString(hooks, StandardCharsets.UTF_8);
            rs = rs.withHooks(NftHooksReader.read(hooksShown(shown), text), text);
        }
        return CheckRunner.allChecks().run(new CheckContext(shown, List.of(), List.of(rs), HostModel.empty(), false));
    }

    static Path hooksOf(Path sample) {
        return sample.resolveSibling(sample.getFileName().toString().replaceFirst("\\.nft$", ".hooks.txt"));
    }

    static String hooksShown(String shown) {
        return shown.replaceFirst("\\.nft$", ".hooks.txt");
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.samples())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".nft")).sorted().toList();
        }
    }

    @Test
    void everyNftCheckHasABugSampleAndAFixedTwin() throws IOException {
        List<String> names = samples().stream().map(p -> p.getFileName().toString()).toList();
        for (Check c : CheckRegistry.all()) {
            if (!c.getClass().getPackageName().endsWith(".nft")) {
                continue;
            }
            String prefix = c.info().id() + "-" + c.info().name();
            assertThat(names).contains(prefix + ".nft", prefix + ".fixed.nft");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyNftSampleMeetsItsExpectations() throws IOException {
        return samples().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String name = p.getFileName().toString();
            SampleExpectations expected = SampleExpectations.read(Files.readAllBytes(p));
            if (!name.endsWith(".fixed.nft")) {
                assertThat(expected.expectations()).as("%s expects a finding of its own check", name)
                        .anyMatch(e -> e.id().equals(name.substring(0, 6)));
            }
            String shown = "samples/checks/" + name;
            List<Finding> findings = check(p, shown);
            assertThat(expected.mismatches(findings.stream().filter(f -> f.span().file().equals(shown)).toList()))
                    .as("findings of %s", name).isEmpty();
            Path hooks = hooksOf(p);
            List<Finding> inHooks = findings.stream().filter(f -> f.span().file().equals(hooksShown(shown))).toList();
            if (Files.exists(hooks)) {
                assertThat(SampleExpectations.read(Files.readAllBytes(hooks)).mismatches(inHooks))
                        .as("findings in %s", hooks.getFileName()).isEmpty();
            }
            assertThat(findings).as("findings of %s in no file it has", name)
                    .allMatch(f -> f.span().file().equals(shown) || f.span().file().equals(hooksShown(shown)));
        }));
    }

    /** Every nft file and JSON of the corpus goes through every check without an internal error. */
    @Test
    void everyCorpusNftFileRunsThroughAllChecks() throws IOException {
        Path root = TestPaths.corpus().resolve("nft");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".nft") || p.toString().endsWith(".conf")
                    || p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(300);
        for (Path f : files) {
            NftRuleset rs = f.toString().endsWith(".json")
                    ? io.nflint.nft.json.NftJsonReader.read(f.getFileName().toString(), Files.readAllBytes(f))
                    : NftTextParser.parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8),
                            f.getParent(), new NftParseOptions(List.of(f.getParent())), p -> p.getFileName().toString());
            CheckRunner.allChecks().run(new CheckContext(f.toString(), List.of(), List.of(rs), HostModel.empty(), false));
        }
    }

    private static final Pattern NFT_LINE = Pattern.compile("^[^:|]+:(\\d+):\\d+-\\d+: Error");

    /** Every broken variant nft rejects gets an error at the line of nft's first error; those it accepts, a warning. */
    @TestFactory
    Stream<DynamicTest> brokenCorpusVariantsAreFoundWhereNftFailed() throws IOException {
        Path dir = TestPaths.corpus().resolve("nft").resolve("bad-inputs");
        List<String> rows = Files.readAllLines(TestPaths.corpus().resolve("nft").resolve("MANIFEST.tsv"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String row : rows) {
            String[] c = row.split("\t", -1);
            if (!c[0].startsWith("bad-inputs/") || c[0].contains("valid-base")) {
                continue;
            }
            String verdict = c[8];
            String message = c[9];
            Path file = TestPaths.corpus().resolve("nft").resolve(c[0]);
            tests.add(DynamicTest.dynamicTest(c[0], () -> {
                List<Finding> findings = check(file, file.getFileName().toString());
                if (verdict.equals("accepted")) {
                    assertThat(findings).as("nft accepts it, but it is a mistake").anyMatch(f -> f.severity() == Severity.WARNING);
                    return;
                }
                Matcher m = NFT_LINE.matcher(message);
                assertThat(m.find()).isTrue();
                int line = Integer.parseInt(m.group(1));
                assertThat(findings).as("an error at line %d, where nft failed: %s", line, message)
                        .anyMatch(f -> f.severity() == Severity.ERROR && f.span().line() == line);
            }));
        }
        assertThat(tests).hasSize(20);
        assertThat(dir).isDirectory();
        return tests.stream();
    }
}
