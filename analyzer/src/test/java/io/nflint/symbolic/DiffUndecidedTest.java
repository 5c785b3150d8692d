package io.nflint.symbolic;

import io.nflint.ir.Ruleset;
import io.nflint.parse.DumpParser;
import io.nflint.parse.ParseOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A solver that gives up proves nothing: the diff says "undecided", never "equivalent". */
class DiffUndecidedTest {

    /** Two orders of the same 300 disjoint port rules: equivalent, but only a finished proof can say so. */
    private static Ruleset rules(boolean reversed) {
        StringBuilder sb = new StringBuilder("*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        for (int k = 0; k < 300; k++) {
            int i = reversed ? 299 - k : k;
            sb.append("-A INPUT -s 10.").append(i / 200).append('.').append(i % 200).append(".0/24 -p tcp -m tcp --dport ")
                    .append(1000 + i).append(i % 3 == 0 ? " -j DROP\n" : " -j ACCEPT\n");
        }
        sb.append("COMMIT\n");
        return DumpParser.parse(reversed ? "new.rules" : "old.rules", sb.toString(), ParseOptions.DETECT);
    }

    @Test
    void aTimeoutIsUndecidedNotEquivalent() {
        try (SymbolicEngine engine = SymbolicEngine.open(EngineOptions.DEFAULTS.withQueryWork(1))) {
            SemanticDiff d = engine.diff(rules(false), rules(true), 3);
            assertThat(d.differences()).isEmpty();
            assertThat(d.undecided()).isNotEmpty().allMatch(u -> u.contains("gave up"));
            assertThat(d.equivalent()).isFalse();
        }
    }

    @Test
    void withTimeEnoughTheSameRuleSetsAreEquivalent() {
        try (SymbolicEngine engine = SymbolicEngine.open()) {
            SemanticDiff d = engine.diff(rules(false), rules(true), 3);
            assertThat(d.undecided()).isEmpty();
            assertThat(d.equivalent()).isTrue();
        }
    }
}
