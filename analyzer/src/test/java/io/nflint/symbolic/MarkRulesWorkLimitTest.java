package io.nflint.symbolic;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #20's 600 mark/CONNMARK rules (past 120 s and 4.7 GB before): the counted limits end the
 * analysis where they say, name every rule and entry point they left undecided, and do so at the
 * same place on every run, since they count Z3's steps, not seconds.
 */
class MarkRulesWorkLimitTest {

    static String marks(int n, boolean changed) {
        StringBuilder sb = new StringBuilder("*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
                + ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");
        for (int i = 0; i < n; i++) {
            sb.append(switch (i % 3) {
                case 0 -> "-A PREROUTING -m mark --mark 0x" + Integer.toHexString(i) + "/0xfff -j CONNMARK --set-xmark 0x"
                        + Integer.toHexString(i + 1) + "/0xfff\n";
                case 1 -> "-A PREROUTING -m connmark --mark 0x" + Integer.toHexString(i) + "/0xfff -j MARK --set-xmark 0x"
                        + Integer.toHexString(changed && i == n / 2 + 1 ? i + 2 : i + 1) + "/0xfff\n";
                default -> "-A PREROUTING -p tcp --dport " + (1000 + i) + " -j CONNMARK --restore-mark\n";
            });
        }
        sb.append("COMMIT\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        for (int i = 0; i < n; i += 7) {
            sb.append("-A FORWARD -m mark --mark 0x").append(Integer.toHexString(i)).append("/0xfff -j ACCEPT\n");
        }
        return sb.append("COMMIT\n").toString();
    }

    private static final Ruleset MARKS = DumpParser.parse("marks.rules", marks(600, false), ParseOptions.DETECT);

    private static List<String> ruleLogic(EngineOptions options) {
        try (SymbolicEngine engine = SymbolicEngine.open(options)) {
            RuleLogicReport r = engine.ruleLogic(MARKS);
            int examined = r.rulesAnalysed() + r.rulesSkipped();
            assertThat(examined).isEqualTo(MARKS.ruleCount());
            return r.undecided().stream().map(u -> u.rule().span().line() + " " + u.question()).toList();
        }
    }

    @Test
    void ruleLogicStopsAtItsWorkLimitAndNamesEveryRuleLeft() {
        EngineOptions limited = EngineOptions.DEFAULTS.withRuleLogicWork(3_000_000);
        List<String> first = ruleLogic(limited);
        assertThat(first).isNotEmpty().allMatch(u -> u.contains("work limit of 3,000,000 units"));
        assertThat(ruleLogic(limited)).isEqualTo(first);
        // the two workers (rule sets of 200+ rules) each stop at their share: the rules left are named in file order
        List<Integer> lines = first.stream().map(u -> Integer.parseInt(u.substring(0, u.indexOf(' ')))).toList();
        assertThat(lines).isSorted();
    }

    @Test
    void aQueryThatReachesItsLimitIsUndecidedTheSameWayEveryRun() {
        EngineOptions tiny = EngineOptions.DEFAULTS.withQueryWork(2_000).withConcreteProbes(false).withRuleLogicWork(0)
                .withParallelFromRules(0);
        Ruleset small = DumpParser.parse("marks.rules", marks(60, false), ParseOptions.DETECT);
        List<String> first;
        try (SymbolicEngine engine = SymbolicEngine.open(tiny)) {
            first = engine.ruleLogic(small).undecided().stream().map(u -> u.rule().span().line() + " " + u.question()).toList();
        }
        assertThat(first).isNotEmpty().allMatch(u -> u.contains("solver work limit of 2,000 units per query reached"));
        try (SymbolicEngine engine = SymbolicEngine.open(tiny)) {
            assertThat(engine.ruleLogic(small).undecided().stream().map(u -> u.rule().span().line() + " " + u.question()))
                    .containsExactlyElementsOf(first);
        }
    }

    @Test
    void diffStopsAtItsWorkLimitAndSaysWhatItDidNotSearch() {
        Ruleset changed = DumpParser.parse("new.rules", marks(600, true), ParseOptions.DETECT);
        EngineOptions limited = EngineOptions.DEFAULTS.withDiffWork(1);
        SemanticDiff first;
        try (SymbolicEngine engine = SymbolicEngine.open(limited)) {
            first = engine.diff(MARKS, changed, 3);
        }
        assertThat(first.equivalent()).isFalse();
        assertThat(first.undecided()).isNotEmpty().anyMatch(u -> u.contains("the diff's solver work limit of 1 units was spent"));
        try (SymbolicEngine engine = SymbolicEngine.open(limited)) {
            SemanticDiff again = engine.diff(MARKS, changed, 3);
            assertThat(again.undecided()).isEqualTo(first.undecided());
            assertThat(again.differences().size()).isEqualTo(first.differences().size());
        }
    }
}
