package io.nflint.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.nflint.cli.config.ConfigLoader;
import io.nflint.rules.CheckRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code yaml} block of docs/config.md is a config nflint accepts, with the real check IDs. */
class DocConfigExamplesTest {

    private static final Path ROOT = Path.of(System.getProperty("nflint.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void everyConfigExampleValidates() throws IOException {
        List<String> blocks = yamlBlocks(Files.readAllLines(ROOT.resolve("docs/config.md"), StandardCharsets.UTF_8));
        assertThat(blocks).as("yaml examples in docs/config.md").isNotEmpty();
        Set<String> known = new TreeSet<>();
        CheckRegistry.all().forEach(c -> known.add(c.info().id()));
        int n = 0;
        for (String block : blocks) {
            Path file = tmp.resolve("example-" + (++n) + ".nflint.yaml");
            Files.writeString(file, block);
            assertThatCode(() -> ConfigLoader.load(file, known)).as("docs/config.md yaml example " + n + ":\n" + block)
                    .doesNotThrowAnyException();
        }
    }

    static List<String> yamlBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : lines) {
            if (cur == null && line.strip().equals("```yaml")) {
                cur = new StringBuilder();
            } else if (cur != null && line.startsWith("```")) {
                blocks.add(cur.toString());
                cur = null;
            } else if (cur != null) {
                cur.append(line).append('\n');
            }
        }
        return blocks;
    }
}
