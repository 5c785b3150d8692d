package io.nflint.rules.suppress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the directive out of a comment's text. Both {@code nflint-disable NFL301} and
 * {@code nflint-disable=NFL301} are accepted everywhere, because people copy one form into the other
 * place; IDs are separated by commas.
 */
final class SuppressionSyntax {

    private static final Pattern DIRECTIVE = Pattern.compile(
            "nflint-disable(-file)?(?:\\s*=\\s*|\\s+)([A-Za-z0-9_]+(?:\\s*,\\s*[A-Za-z0-9_]+)*)\\s*(.*)",
            Pattern.DOTALL);

    private SuppressionSyntax() {
    }

    record Parsed(boolean fileWide, List<String> ids, String reason) {
    }

    /** The directive in {@code text} (a comment's text with or without its leading {@code #}), if any. */
    static Optional<Parsed> parse(String text) {
        String t = text.strip();
        while (t.startsWith("#")) {
            t = t.substring(1).strip();
        }
        if (!t.regionMatches(true, 0, "nflint-disable", 0, "nflint-disable".length())) {
            return Optional.empty();
        }
        Matcher m = DIRECTIVE.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> ids = new ArrayList<>();
        for (String id : m.group(2).split(",")) {
            ids.add(id.strip().toUpperCase(Locale.ROOT));
        }
        return Optional.of(new Parsed(m.group(1) != null, ids, m.group(3).strip()));
    }
}
