package io.nflint.walk;

/**
 * One decision on a packet's way, in the vocabulary of the kernel's TRACE target: a rule that
 * matched ({@code rule}), the implicit return at the end of a user chain ({@code return}, numbered
 * like the kernel: one past the chain's last rule), or a built-in chain's policy ({@code policy},
 * also one past the last rule). {@code family} is "ip", "ip6" or "eb"; {@code line} is the dump
 * line (the rule, or the chain's declaration for return and policy; 0 when unknown).
 *
 * @param target  what the rule or policy did, as written ("ACCEPT", "DNAT 172.17.0.2:80", "DOCKER")
 */
public record TraceStep(String family, String table, String chain, Kind kind, int ruleNumber, int line,
                        String target) {

    public enum Kind {
        RULE, RETURN, POLICY;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code TRACE: nat:PREROUTING:rule:2 (line 31) -j DOCKER}, like xt_TRACE's log prefix. */
    public String render() {
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
}
