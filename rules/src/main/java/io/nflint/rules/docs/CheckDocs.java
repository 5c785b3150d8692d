package io.nflint.rules.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The markdown page of a check, kept as a resource beside this class ({@code NFL301.md}). */
public final class CheckDocs {

    private CheckDocs() {
    }

    public static Optional<String> markdown(String id) {
        if (!id.matches("NFL\\d{3}")) {
            return Optional.empty();
        }
        try (InputStream in = CheckDocs.class.getResourceAsStream(id + ".md")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the docs page of " + id, e);
        }
    }

    /**
     * Where the page lives in the sources, for explain's footer. The project has no public home, so no
     * URL is named: SARIF embeds the whole page as the rule's help instead.
     */
    public static String sourcePath(String id) {
        return "rules/src/main/resources/io/nflint/rules/docs/" + id + ".md";
    }
}
