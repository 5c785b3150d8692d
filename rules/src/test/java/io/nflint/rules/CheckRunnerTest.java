package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nflint.ir.SourceSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Checks on several threads give exactly what they give one after the other. */
class CheckRunnerTest {

    @Test
    void parallelRunGivesTheSameFindingsInTheSameOrder() throws IOException {
        List<Path> dumps;
        try (Stream<Path> s = Files.list(TestPaths.samples())) {
            dumps = s.filter(p -> p.toString().endsWith(".rules")).sorted().toList();
        }
        assertThat(dumps).hasSizeGreaterThan(20);
        int findings = 0;
        for (Path p : dumps) {
            byte[] bytes = Files.readAllBytes(p);
            List<Finding> one = CheckRunner.allChecks().withThreads(1)
                    .run(new CheckContext(p.getFileName().toString(), List.of(TestPaths.parse(p.getFileName().toString(), bytes))));
            List<Finding> many = CheckRunner.allChecks().withThreads(4)
                    .run(new CheckContext(p.getFileName().toString(), List.of(TestPaths.parse(p.getFileName().toString(), bytes))));
            assertThat(many).as(p.toString()).containsExactlyElementsOf(one);
            findings += one.size();
        }
        assertThat(findings).isGreaterThan(50);
    }

    @Test
    void theFirstFailingCheckInRegistryOrderIsReportedAfterTheOthersRan() {
        List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        Check fine = new Named("NFL900", ran, false);
        Check first = new Named("NFL901", ran, true);
        Check second = new Named("NFL902", ran, true);
        CheckContext ctx = new CheckContext("x.rules", List.of(TestPaths.parse("x.rules", "*filter\nCOMMIT\n".getBytes())));
        assertThatThrownBy(() -> new CheckRunner(List.of(first, fine, second), Map.of()).withThreads(3).run(ctx))
                .isInstanceOfSatisfying(CheckRunner.CheckFailedException.class, e -> assertThat(e.checkId()).isEqualTo("NFL901"));
        assertThat(ran).containsExactlyInAnyOrder("NFL900", "NFL901", "NFL902");
    }

    /** A test check with its own ID that either reports one finding or throws. */
    private record Named(String id, List<String> ran, boolean fails) implements Check {
        @Override
        public CheckInfo info() {
            return TestCheckInfo.of(id);
        }

        @Override
        public void run(CheckContext context, FindingSink sink) {
            ran.add(id);
            if (fails) {
                throw new IllegalStateException(id + " broke");
            }
            sink.at(new SourceSpan("x.rules", 1, 1, 1, 0, 0), "ran").report();
        }
    }
}
