package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nflint.analysis.HostAnalysis;
import io.nflint.ir.SourceSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the checks of one input share lives in that input's context: computed once per input however
 * many checks ask (on however many threads), and never seen by another input of the same run.
 */
class SharedStateTest {

    private static final AtomicInteger COMPUTED = new AtomicInteger();

    /** A value of one input: its name and how many rules it has, counted as it is computed. */
    private static final SharedKey<String> SUMMARY = SharedKey.of("test summary", c -> {
        COMPUTED.incrementAndGet();
        int rules = c.rulesets().stream().flatMap(r -> r.tables().stream()).flatMap(t -> t.chains().stream())
                .mapToInt(ch -> ch.rules().size()).sum();
        return c.inputName() + ":" + rules;
    });

    /** A value computed from another one while checks wait for both. */
    private static final SharedKey<String> LOUD = SharedKey.of("test loud summary", c -> c.shared(SUMMARY).toUpperCase());

    @Test
    void twoInputsOfOneRunSeeOnlyTheirOwnValuesEachComputedOnce() {
        COMPUTED.set(0);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            checks.add(new Reader("NFL9" + (10 + i), seen));
        }
        CheckRunner runner = new CheckRunner(checks, Map.of()).withThreads(4);
        CheckContext a = context("a.rules", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n");
        CheckContext b = context("b.rules", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\n"
                + "-A INPUT -j DROP\nCOMMIT\n");
        List<Finding> fa = runner.run(a);
        List<Finding> fb = runner.run(b);

        assertThat(COMPUTED).as("one computation per input, whatever the number of checks").hasValue(2);
        assertThat(fa).hasSize(8).allSatisfy(f -> assertThat(f.message()).isEqualTo("a.rules:1 A.RULES:1"));
        assertThat(fb).hasSize(8).allSatisfy(f -> assertThat(f.message()).isEqualTo("b.rules:2 B.RULES:2"));
        assertThat(a.sharedComputed()).isEqualTo(2);
        assertThat(b.sharedComputed()).isEqualTo(2);
    }

    @Test
    void theHostAnalysisIsOnePerInput() {
        String dump = "*filter\n:FORWARD DROP [0:0]\nCOMMIT\n";
        CheckContext a = context("a.rules", dump);
        CheckContext b = context("b.rules", dump);
        HostAnalysis first = a.analysis();
        assertThat(a.analysis()).isSameAs(first);
        assertThat(b.analysis()).isNotSameAs(first);
        // the analysis and the input's lowered rules it reads (CheckContext.lowered), each once
        assertThat(a.sharedComputed()).isEqualTo(2);
    }

    @Test
    void everyCheckOfARealSampleSharesOneAnalysisPerInput() throws Exception {
        Path sample = TestPaths.samples().resolve("NFL301-published-port-dropped.rules");
        byte[] bytes = Files.readAllBytes(sample);
        CheckContext a = new CheckContext("a", List.of(TestPaths.parse("a", bytes)));
        CheckContext b = new CheckContext("b", List.of(TestPaths.parse("b", bytes)));
        List<Finding> fa = CheckRunner.allChecks().withThreads(4).run(a);
        int computedA = a.sharedComputed();
        assertThat(computedA).as("the host analysis and the probes").isGreaterThanOrEqualTo(2);
        HostAnalysis analysisA = a.analysis();
        List<Finding> fb = CheckRunner.allChecks().withThreads(4).run(b);
        assertThat(a.sharedComputed()).as("nothing computed again for an input already checked").isEqualTo(computedA);
        assertThat(b.sharedComputed()).isEqualTo(computedA);
        assertThat(b.analysis()).isNotSameAs(analysisA);
        assertThat(fb.stream().map(Finding::message).toList()).isEqualTo(fa.stream().map(Finding::message).toList());
    }

    @Test
    void aValueThatNeedsItselfFailsInsteadOfHanging() {
        SharedKey<String>[] self = new SharedKey[1];
        self[0] = SharedKey.of("self", c -> c.shared(self[0]));
        CheckContext a = context("a.rules", "*filter\nCOMMIT\n");
        assertThatThrownBy(() -> a.shared(self[0])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'self' depends on itself");
    }

    @Test
    void aFailedComputationFailsEveryCallerAlike() {
        AtomicInteger tries = new AtomicInteger();
        SharedKey<String> broken = SharedKey.of("broken", c -> {
            tries.incrementAndGet();
            throw new IllegalArgumentException("no");
        });
        CheckContext a = context("a.rules", "*filter\nCOMMIT\n");
        assertThatThrownBy(() -> a.shared(broken)).hasMessage("no");
        assertThatThrownBy(() -> a.shared(broken)).hasMessage("no");
        assertThat(tries).hasValue(1);
    }

    private static CheckContext context(String name, String dump) {
        return new CheckContext(name, List.of(TestPaths.parse(name, dump.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** A check that reports what the two shared values of its input are. */
    private record Reader(String id, List<String> seen) implements Check {
        @Override
        public void run(CheckContext context, FindingSink sink) {
            String message = context.shared(SUMMARY) + " " + context.shared(LOUD);
            seen.add(message);
            sink.at(new SourceSpan(context.inputName(), 1, 1, 1, 0, 0), message).report();
        }

        @Override
        public CheckInfo info() {
            return TestCheckInfo.of(id);
        }
    }
}
