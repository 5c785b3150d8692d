package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.rules.docs.CheckDocs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every registered check has a docs page with DESIGN's sections, titled with its ID and name. */
class CheckDocsTest {

    private static final List<String> SECTIONS = List.of("## What it finds", "## Why it matters", "## Example",
            "## Fix", "## Approximation", "## References");

    @Test
    void everyCheckHasACompleteDocsPage() {
        for (Check c : CheckRegistry.all()) {
            String id = c.info().id();
            String page = CheckDocs.markdown(id).orElse(null);
            assertThat(page).as("docs page rules/src/main/resources/io/nflint/rules/docs/%s.md", id).isNotNull();
            assertThat(page).as(id + " title").startsWith("# " + id + " " + c.info().name() + "\n");
            int last = -1;
            for (String s : SECTIONS) {
                int at = page.indexOf("\n" + s + "\n");
                assertThat(at).as(id + ": section '" + s + "' in this order").isGreaterThan(last);
                last = at;
            }
        }
    }
}
