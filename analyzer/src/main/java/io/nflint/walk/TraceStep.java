package io.nflint.walk;

/**
 * One decision on a packet's way, in the vocabulary of the kernel's TRACE target: a rule that
 * matched ({@code rule}), the implicit return at the end of a user chain ({@code return}, numbered
 * like the kernel: one past the chain's last rule), or a built-in chain's policy ({@code policy},
 * also one past the last rule). {@code family} is "ip", "ip6" or "eb"; {@code line} is the dump
 * line (the rule, or the chain's declaration for return and policy; 0 when unknown).
 *
 * @param target  what the rule or policy did, as written ("ACCEPT", "DNAT 172.17.0.2:80", "DOCKER")
 * @param nft     for a native nftables table: its family ("ip", "ip6", "inet"), the base chain's
 *                priority, the file and the rule's text; null for an xtables table
 */
public record TraceStep(String family, String table, String chain, Kind kind, int ruleNumber, int line,
                        String target, Nft nft) {

    /** What an nft step adds: the table's family, the base chain's priority, the file and the rule as written. */
    public record Nft(String family, int priority, String file, String ruleText) {
    }

    public TraceStep(String family, String table, String chain, Kind kind, int ruleNumber, int line, String target) {
        this(family, table, chain, kind, ruleNumber, line, target, null);
    }

    public enum Kind {
        RULE, RETURN, POLICY;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code TRACE: nat:PREROUTING:rule:2 (line 31) -j DOCKER}, like xt_TRACE's log prefix. */
    public String render() {
        return render(null);
    }

    /**
     * As {@link #render()}; a native nft table's step reads like {@code nft monitor trace}:
     * {@code trace id 1a2b3c4d inet filter forward rule tcp dport 22 accept (verdict accept) (f.nft:12)}.
     */
    public String render(String traceId) {
        if (nft != null) {
            return renderNft(traceId);
        }
        StringBuilder sb = new StringBuilder("TRACE: ");
        if (family.equals("eb")) {
            sb.append("eb:");
        } else if (family.equals("ip6")) {
            sb.append("ip6:");
        }
        sb.append(table).append(':').append(chain).append(':').append(kind.wire()).append(':').append(ruleNumber);
        if (line > 0) {
            sb.append(" (line ").append(line).append(')');
        }
        if (target != null && !target.isEmpty()) {
            sb.append(' ').append(target);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    private String renderNft(String traceId) {
        StringBuilder sb = new StringBuilder();
        if (traceId != null) {
            sb.append("trace id ").append(traceId).append(' ');
        }
        sb.append(nft.family()).append(' ').append(table).append(' ').append(chain).append(' ');
        switch (kind) {
            case RULE -> sb.append("rule ").append(nft.ruleText()).append(" (verdict ").append(target).append(')');
            case RETURN -> sb.append("verdict continue");
            default -> sb.append("policy ").append(target);
        }
        if (line > 0) {
            sb.append(" (").append(nft.file() == null ? "line " : nft.file() + ":").append(line).append(')');
        }
        return sb.toString();
    }
}
