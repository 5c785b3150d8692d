package io.nflint.symbolic;

import io.nflint.symbolic.z3.Z3Engine;
import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The concrete probes are only a shortcut: with them, rule logic must report exactly what the
 * solver alone reports (shadowed, redundant, unreachable chains) on the project's samples and on
 * the small real dumps of the corpus.
 */
public class RuleLogicProbeAgreementTest {

    static SymbolicEngine withProbes;
    static SymbolicEngine solverOnly;

    @BeforeAll
    static void open() {
        EngineOptions unlimited = EngineOptions.DEFAULTS.withRuleLogicWork(0);
        // on demand, as the checks open it: the agreement covers analyses that never load Z3 too;
        // and split over two solver contexts from the first rule, so the parallel path answers too
        withProbes = Z3Engine.openOnDemand(unlimited.withParallelFromRules(1));
        solverOnly = SymbolicEngine.open(unlimited.withConcreteProbes(false));
    }

    @AfterAll
    static void close() {
        withProbes.close();
        solverOnly.close();
    }

    public static Stream<Path> dumps() throws IOException {
        List<Path> out = new ArrayList<>();
        Path root = Path.of(System.getProperty("nflint.root", ".."));
        try (Stream<Path> s = Files.list(root.resolve("samples/checks"))) {
            s.filter(p -> p.getFileName().toString().matches("NFL10[123].*\\.rules")).sorted().forEach(out::add);
        }
        try (Stream<Path> s = Files.list(root.resolve("samples/trace"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".rules")).sorted().forEach(out::add);
        }
        // small cases written for the shortcuts (port lists, sctp ports), beside the samples
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/rulelogic"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".rules")).sorted().forEach(out::add);
        }
        Path shared = Path.of(System.getProperty("nflint.shared", "../../shared"));
        List<String> manifest = Files.readAllLines(shared.resolve("corpus/MANIFEST.tsv"));
        for (String line : manifest.subList(1, manifest.size())) {
            String[] f = line.split("\t");
            if (f.length > 6 && f[0].startsWith("iptables/") && f[0].endsWith(".rules") && f[6].matches("\\d+")) {
                int rules = Integer.parseInt(f[6]);
                if (rules > 5 && rules <= 150) {
                    out.add(shared.resolve("corpus").resolve(f[0]));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void probesChangeNoAnswer(Path dump) throws IOException {
        Ruleset rs = DumpParser.parse(dump.toString(), Files.readAllBytes(dump), ParseOptions.DETECT);
        if (!rs.family().isIp()) {
            return;
        }
        RuleLogicReport a = withProbes.ruleLogic(rs);
        RuleLogicReport b = solverOnly.ruleLogic(rs);
        assertThat(summary(a)).as(dump.toString()).isEqualTo(summary(b));
    }

    private static Set<String> summary(RuleLogicReport r) {
        Set<String> out = new TreeSet<>();
        r.shadowed().forEach(s -> out.add("shadowed " + s.rule().table() + " line " + s.rule().span().line()));
        r.redundant().forEach(s -> out.add("redundant " + s.rule().table() + " line " + s.rule().span().line()));
        r.unreachableChains().forEach(c -> out.add("unreachable chain " + c.table() + " " + c.chain()));
        r.undecided().forEach(u -> out.add("undecided " + u.rule().table() + " line " + u.rule().span().line()));
        return out;
    }
}
