package io.nflint.nft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The project's rule "no main file over 600 lines", held for the nft reader and IR, which grow with nft's language. */
class NftSourceSizeTest {

    @Test
    void noNftSourceFileIsOver600Lines() throws IOException {
        List<Path> roots = List.of(Path.of("src/main/java/io/nflint/nft"), Path.of("src/main/java/io/nflint/ir/nft"));
        for (Path root : roots) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    assertThat(Files.readAllLines(f)).as("%s", f).hasSizeLessThanOrEqualTo(600);
                }
            }
        }
    }
}
