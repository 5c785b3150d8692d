package io.nflint.rules.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.ir.SourceSpan;
import io.nflint.rules.Finding;
import io.nflint.rules.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingKeyTest {

    private static Finding at(int line, String rule) {
        return new Finding("NFL103", Severity.WARNING, "shadowed at line " + line, new SourceSpan("a.rules", line, 1, 5, 0, 0),
                List.of(), null, null, "filter", "INPUT", rule);
    }

    @Test
    void lineNumbersCountersAndSpacingDoNotMatter() {
        FindingKey a = FindingKey.of(at(3, "-p tcp  --dport 22 -j ACCEPT"));
        FindingKey b = FindingKey.of(at(40, "[12:480] -p tcp --dport 22\t-j ACCEPT"));
        assertThat(a).isEqualTo(b);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(32);
        assertThat(FindingKey.of(at(3, "-p tcp --dport 23 -j ACCEPT")).fingerprint()).isNotEqualTo(a.fingerprint());
    }

    @Test
    void baselineCountsDuplicates() {
        Baseline base = Baseline.of(List.of(at(1, "-j DROP"), at(2, "-j DROP")));
        Baseline.Split split = base.split(List.of(at(5, "-j DROP"), at(6, "-j DROP"), at(7, "-j DROP")));
        assertThat(split.known()).hasSize(2);
        assertThat(split.fresh()).extracting(f -> f.span().line()).containsExactly(7);
    }
}
