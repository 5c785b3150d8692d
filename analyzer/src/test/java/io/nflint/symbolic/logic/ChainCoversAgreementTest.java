package io.nflint.symbolic.logic;

import io.nflint.symbolic.EngineOptions;
import io.nflint.symbolic.RuleLogicProbeAgreementTest;
import io.nflint.symbolic.RuleLogicReport;
import io.nflint.symbolic.SymbolicEngine;
import io.nflint.symbolic.z3.Z3Engine;
import io.nflint.ir.Rule;
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
 * The solver-free proofs of {@link ChainCovers} are only a shortcut: with them, rule logic must
 * report what the solver alone reports on the project's samples and the small real dumps of the
 * corpus: the same shadowed and redundant rules and unreachable chains. Where several earlier rules
 * cover a rule, the solver's core names one of them (whichever its core lists) and the proof the
 * first in chain order: then the named rules (with those inside the calls) must be an unsat core
 * of the solver's reachability query themselves.
 */
class ChainCoversAgreementTest {

    static SymbolicEngine withCovers;
    static SymbolicEngine solverOnly;

    @BeforeAll
    static void open() {
        EngineOptions unlimited = EngineOptions.DEFAULTS.withRuleLogicWork(0);
        withCovers = SymbolicEngine.open(unlimited);
        solverOnly = SymbolicEngine.open(unlimited.withChainCovers(false));
    }

    @AfterAll
    static void close() {
        withCovers.close();
        solverOnly.close();
    }

    static Stream<Path> dumps() throws IOException {
        return RuleLogicProbeAgreementTest.dumps();
    }

    @ParameterizedTest
    @MethodSource("dumps")
    void coversChangeNoAnswer(Path dump) throws IOException {
        Ruleset rs = DumpParser.parse(dump.toString(), Files.readAllBytes(dump), ParseOptions.DETECT);
        if (!rs.family().isIp()) {
            return;
        }
        RuleLogicReport a = withCovers.ruleLogic(rs);
        RuleLogicReport b = solverOnly.ruleLogic(rs);
        assertThat(summary(a, false)).as(dump.toString()).isEqualTo(summary(b, false));
        Set<String> solverNames = summary(b, true);
        RuleLogic check = new RuleLogic((Z3Engine) solverOnly, rs, x -> true, null);
        for (RuleLogicReport.Shadowed s : a.shadowed()) {
            if (!s.covering().isEmpty()) {
                // the check is not vacuous: with no rule assumed, the solver switches the covering ones off
                assertThat(check.suffices(s.rule(), List.of())).as(dump + ": " + line(s) + " without its rules").isFalse();
            }
            if (solverNames.contains(line(s))) {
                continue;
            }
            List<Rule> proof = new ArrayList<>();
            for (Rule c : s.covering()) {
                proof.add(c);
                proof.addAll(s.inside(c));
            }
            assertThat(proof).as(dump + ": " + line(s)).isNotEmpty();
            assertThat(check.suffices(s.rule(), proof)).as(dump + ": " + line(s) + " (solver: "
                    + solverNames.stream().filter(x -> x.startsWith(line(s).substring(0, line(s).indexOf(" by")) + " by")).toList() + ")")
                    .isTrue();
        }
    }

    private static String line(RuleLogicReport.Shadowed s) {
        StringBuilder sb = new StringBuilder("shadowed " + s.rule().table() + " line " + s.rule().span().line() + " by");
        for (Rule c : s.covering()) {
            sb.append(' ').append(c.span().line()).append(s.inside(c).stream().map(x -> x.span().line()).toList());
        }
        sb.append(" differing ").append(s.differing().stream().map(x -> x.span().line()).toList());
        return sb.toString();
    }

    private static Set<String> summary(RuleLogicReport r, boolean covering) {
        Set<String> out = new TreeSet<>();
        for (RuleLogicReport.Shadowed s : r.shadowed()) {
            out.add(covering ? line(s) : "shadowed " + s.rule().table() + " line " + s.rule().span().line());
        }
        r.redundant().forEach(s -> out.add("redundant " + s.rule().table() + " line " + s.rule().span().line() + ": " + s.fallThrough()));
        r.unreachableChains().forEach(c -> out.add("unreachable chain " + c.table() + " " + c.chain()));
        r.undecided().forEach(u -> out.add("undecided " + u.rule().table() + " line " + u.rule().span().line()));
        return out;
    }
}
