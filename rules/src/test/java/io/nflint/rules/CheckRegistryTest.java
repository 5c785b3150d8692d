package io.nflint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every check is registered once, with well-formed metadata, a docs page and both samples. */
class CheckRegistryTest {

    private static final List<String> SECTIONS = List.of("## What it finds", "## Why it matters", "## Example", "## Fix",
            "## Approximation", "## References");

    /** Classes annotated with @CheckInfo in io.nflint.rules.checks, found on the class path. */
    private static Set<String> annotatedChecks() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Check.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/nflint/rules/checks");
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String file = p.getFileName().toString();
                if (file.endsWith(".class") && !file.contains("$")) {
                    Class<?> c = Class.forName("io.nflint.rules.checks." + file.substring(0, file.length() - 6));
                    if (c.isAnnotationPresent(CheckInfo.class)) {
                        names.add(c.getName());
                    }
                }
            }
        }
        return names;
    }

    @Test
    void everyAnnotatedCheckIsRegistered() throws Exception {
        Set<String> registered = new HashSet<>();
        for (Check c : CheckRegistry.all()) {
            if (c.getClass().getPackageName().equals("io.nflint.rules.checks")) {
                registered.add(c.getClass().getName());
            }
        }
        assertThat(registered).containsExactlyInAnyOrderElementsOf(annotatedChecks());
        assertThat(CheckRegistry.all().stream().map(c -> c.getClass()).distinct()).hasSize(CheckRegistry.all().size());
    }

    @Test
    void metadataIsWellFormed() {
        Set<String> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Check c : CheckRegistry.all()) {
            CheckInfo info = c.info();
            assertThat(info.id()).matches("NFL\\d{3}");
            assertThat(ids.add(info.id())).as("unique id %s", info.id()).isTrue();
            assertThat(info.name()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"); // words may hold digits: ipv6
            assertThat(names.add(info.name())).as("unique name %s", info.name()).isTrue();
            assertThat(info.summary()).as(info.id()).isNotBlank().doesNotEndWith(".");
            assertThat(info.engines()).as(info.id()).isNotEmpty();
        }
        assertThat(CheckRegistry.all()).extracting(c -> c.info().id()).isSorted();
    }

    @Test
    void everyCheckHasADocsPageWithAllSections() throws IOException {
        for (Check c : CheckRegistry.all()) {
            String id = c.info().id();
            try (InputStream in = Check.class.getResourceAsStream("/io/nflint/rules/docs/" + id + ".md")) {
                assertThat(in).as("docs page of %s", id).isNotNull();
                String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(page).as("title of %s", id).startsWith("# " + id + " " + c.info().name());
                for (String section : SECTIONS) {
                    assertThat(page).as("%s in the docs page of %s", section, id).contains(section + "\n");
                }
            }
        }
    }

    @Test
    void everyCheckHasAPositiveAndANegativeSample() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(TestPaths.samples())) {
            files = s.map(p -> p.getFileName().toString()).toList();
        }
        for (Check c : CheckRegistry.all()) {
            if (!c.getClass().getPackageName().equals("io.nflint.rules.checks")) {
                // checks of other packages (suppressions, …) keep their samples with their own tests
                continue;
            }
            String prefix = c.info().id() + "-" + c.info().name();
            // a dump sample, or a host bundle directory when the check needs host facts
            boolean dumps = files.contains(prefix + ".rules") && files.contains(prefix + ".fixed.rules");
            boolean bundles = files.contains(prefix) && files.contains(prefix + ".fixed");
            assertThat(dumps || bundles).as("samples of %s (%s.rules and .fixed.rules, or directories %s/ and %s.fixed/)",
                    c.info().id(), prefix, prefix, prefix).isTrue();
        }
    }
}
