package io.nflint.rules.baseline;

import io.nflint.rules.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Identifies a finding without line numbers, so that it is recognised after rules are inserted above
 * it: check ID, file, table, chain and the rule text with counters and spacing normalised. Findings
 * not about a rule (a missing COMMIT, a syntax error) use their message instead of the rule text.
 */
public record FindingKey(String id, String file, String table, String chain, String text) {

    private static final Pattern COUNTERS = Pattern.compile("^\\[\\d+:\\d+\\]\\s*");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    public static FindingKey of(Finding f) {
        String text = f.ruleText().isBlank() ? f.message() : f.ruleText();
        String file = f.span() == null ? "" : f.span().file();
        return new FindingKey(f.id(), file, f.table(), f.chain(), normalize(text));
    }

    /** Collapses whitespace and drops a leading {@code [packets:bytes]}, which changes with traffic. */
    public static String normalize(String ruleText) {
        String t = SPACE.matcher(ruleText.strip()).replaceAll(" ");
        return COUNTERS.matcher(t).replaceFirst("");
    }

    /**
     * A stable hash for SARIF's partialFingerprints and the JSON output. The file is left out: SARIF
     * already pairs a fingerprint with its artifact, and a renamed dump keeps its history.
     */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {id, table, chain, text}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
