package io.nflint.cli.html;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TRACE step as the engines publish it ({@code nat:DOCKER:rule:2 (line 37) DNAT 172.17.0.2:80},
 * with or without the {@code TRACE: } prefix, {@code eb:} or {@code ip6:} before the table).
 * Findings and diffs carry their traces as these lines, so the report reads them back.
 */
record PathStep(String family, String table, String chain, String kind, int number, int line, String target,
                String text) {

    // the chain name may itself contain ':'; the kind and number are the last two fields before the line
    private static final Pattern STEP = Pattern.compile(
            "^(?:TRACE: )?(?:(eb|ip6):)?([A-Za-z0-9_-]+):(.+):(rule|return|policy):(\\d+)(?: \\(line (\\d+)\\))?(?: (.*))?$");

    static Optional<PathStep> parse(String s) {
        Matcher m = STEP.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        String text = s.startsWith("TRACE: ") ? s.substring("TRACE: ".length()) : s;
        return Optional.of(new PathStep(m.group(1) == null ? "ip" : m.group(1), m.group(2), m.group(3), m.group(4),
                Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                m.group(7) == null ? "" : m.group(7), text));
    }

    boolean bridge() {
        return family.equals("eb");
    }

    /** A target that rewrites the header (the before → after the report shows). */
    boolean nat() {
        String t = target.startsWith("-j ") ? target.substring(3) : target;
        return t.startsWith("DNAT") || t.startsWith("SNAT") || t.startsWith("MASQUERADE") || t.startsWith("REDIRECT")
                || t.startsWith("NETMAP") || t.startsWith("dnat") || t.startsWith("snat");
    }

    /** A step that ends the packet's way through the rules (a verdict, not a jump or a return). */
    boolean verdict() {
        if (kind.equals("policy")) {
            return true;
        }
        return kind.equals("rule") && (target.startsWith("ACCEPT") || target.startsWith("DROP")
                || target.startsWith("REJECT"));
    }
}
