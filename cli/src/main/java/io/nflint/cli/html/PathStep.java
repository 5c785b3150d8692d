package io.nflint.cli.html;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TRACE step as the engines publish it ({@code nat:DOCKER:rule:2 (line 37) DNAT 172.17.0.2:80},
 * with or without the {@code TRACE: } prefix, {@code eb:} or {@code ip6:} before the table), or a
 * native nft table's step as {@code nft monitor trace} prints it
 * ({@code trace id 1a2b3c4d inet filter forward rule tcp dport 22 accept (verdict accept) (f.nft:12)}).
 * Findings and diffs carry their traces as these lines, so the report reads them back.
 *
 * @param file     for an nft step, the file its line is in ("" when the line says none)
 * @param ruleText for an nft rule step, the rule as written
 * @param nft      a native nft table's step: {@code family} is the table's (ip, ip6, inet)
 */
record PathStep(String family, String table, String chain, String kind, int number, int line, String target,
                String text, String file, String ruleText, boolean nft) {

    // the chain name may itself contain ':'; the kind and number are the last two fields before the line
    private static final Pattern STEP = Pattern.compile(
            "^(?:TRACE: )?(?:(eb|ip6):)?([A-Za-z0-9_-]+):(.+):(rule|return|policy):(\\d+)(?: \\(line (\\d+)\\))?(?: (.*))?$");

    // the rule text may hold parentheses; its verdict is the last "(verdict …)" before the file and line
    private static final Pattern NFT_STEP = Pattern.compile(
            "^(?:trace id [0-9a-f]+ )?(ip|ip6|inet) (\\S+) (\\S+) (?:rule (.*) \\(verdict (.*?)\\)|verdict (continue)|policy (\\S+))"
                    + "(?: \\((?:(.*):|line )(\\d+)\\))?$");

    // the NAT statements, not matches that name them ("ct status dnat", "icmp type redirect")
    private static final Pattern NAT_WORD = Pattern.compile(
            "(?:^|\\s)(?:(dnat|snat)(?: ip6?)? to\\s|(masquerade)(?:\\s|$)|(?<!type )(redirect)(?:\\s|$))");

    static Optional<PathStep> parse(String s) {
        Matcher m = STEP.matcher(s);
        if (!m.matches()) {
            return parseNft(s);
        }
        String text = s.startsWith("TRACE: ") ? s.substring("TRACE: ".length()) : s;
        return Optional.of(new PathStep(m.group(1) == null ? "ip" : m.group(1), m.group(2), m.group(3), m.group(4),
                Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                m.group(7) == null ? "" : m.group(7), text, "", "", false));
    }

    private static Optional<PathStep> parseNft(String s) {
        Matcher m = NFT_STEP.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        String text = s.startsWith("trace id ") ? s.substring(s.indexOf(' ', "trace id ".length()) + 1) : s;
        String kind = m.group(4) != null ? "rule" : m.group(6) != null ? "return" : "policy";
        String target = m.group(4) != null ? m.group(5) : m.group(6) != null ? "" : m.group(7);
        return Optional.of(new PathStep(m.group(1), m.group(2), m.group(3), kind, 0,
                m.group(9) == null ? 0 : Integer.parseInt(m.group(9)), target, text,
                m.group(8) == null ? "" : m.group(8), m.group(4) == null ? "" : m.group(4), true));
    }

    /** A NAT step that rewrites the destination (DNAT, REDIRECT, nft dnat/redirect) rather than the source. */
    boolean destinationNat() {
        if (nft) {
            Matcher m = NAT_WORD.matcher(ruleText);
            return m.find() && ("dnat".equals(m.group(1)) || m.group(3) != null);
        }
        String t = target.startsWith("-j ") ? target.substring(3) : target;
        return t.startsWith("DNAT") || t.startsWith("REDIRECT") || t.startsWith("dnat");
    }

    boolean bridge() {
        return family.equals("eb");
    }

    /** A target that rewrites the header (the before → after the report shows). */
    boolean nat() {
        if (nft) {
            return kind.equals("rule") && NAT_WORD.matcher(ruleText).find();
        }
        String t = target.startsWith("-j ") ? target.substring(3) : target;
        return t.startsWith("DNAT") || t.startsWith("SNAT") || t.startsWith("MASQUERADE") || t.startsWith("REDIRECT")
                || t.startsWith("NETMAP") || t.startsWith("dnat") || t.startsWith("snat");
    }

    /** A step that ends the packet's way through the rules (a verdict, not a jump or a return). */
    boolean verdict() {
        if (kind.equals("policy")) {
            return true;
        }
        if (nft) {
            return kind.equals("rule") && (target.equals("accept") || target.equals("drop") || target.startsWith("reject"));
        }
        return kind.equals("rule") && (target.startsWith("ACCEPT") || target.startsWith("DROP")
                || target.startsWith("REJECT"));
    }
}
