package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sample expectations match messages, not severities; these pin the severity of the container
 * findings that were downgraded after reviewing the real corpus (deliberate policy is info, the
 * broken twin stays a warning).
 */
class ContainerCheckSeverityTest {

    @ParameterizedTest(name = "{1} {2} in {0}")
    @CsvSource({
            "NFL202-egress-dropped.rules, NFL202, WARNING",
            "NFL202-egress-dropped.per-container.fixed.rules, NFL202, INFO",
            "NFL402-unpublished-port-reachable.rules, NFL402, WARNING",
            "NFL402-unpublished-port-reachable.nat-unprotected.fixed.rules, NFL402, INFO",
    })
    void severity(String sample, String id, Severity expected) throws IOException {
        byte[] bytes = Files.readAllBytes(TestPaths.samples().resolve(sample));
        List<Finding> own = TestPaths.check("samples/checks/" + sample, bytes).stream()
                .filter(f -> f.id().equals(id)).toList();
        assertThat(own).as("%s findings of %s", id, sample).isNotEmpty()
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(expected));
    }
}
