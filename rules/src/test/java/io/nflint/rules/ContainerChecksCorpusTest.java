package io.nflint.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ContainerChecksCorpusTest {

    @Test
    void show() throws Exception {
        for (String engine : List.of("docker-20.10.24", "podman-4.3.1")) {
            try (Stream<Path> s = Files.list(TestPaths.corpus().resolve("generated").resolve(engine))) {
                for (Path dir : s.sorted().toList()) {
                    for (Finding f : Bundles.check(dir, dir.getFileName() + "/")) {
                        if (f.id().startsWith("NFL2") || f.id().startsWith("NFL4")) {
                            System.out.println("## " + engine + "/" + dir.getFileName() + " " + f.span().file() + ":" + f.span().line()
                                    + " " + f.severity().label() + " " + f.id() + " " + f.message());
                        }
                    }
                }
            }
        }
    }
}
