package io.nflint.cli.trace;

import io.nflint.walk.TraceStep;
import java.util.Map;

/** What a JSON trace step says about the table it ran in: backend, family, the base chain's priority. */
final class TraceSteps {

    private TraceSteps() {
    }

    /**
     * Adds {@code backend} ("nftables" or "xtables"), {@code family} and {@code priority}; nft steps
     * also the file and the rule's text. An xtables table runs at its table's standard priority
     * (nat at dstnat −100 on prerouting/output, srcnat 100 on input/postrouting).
     */
    static void describe(TraceStep s, Map<String, Object> out) {
        if (s.nft() != null) {
            out.put("backend", "nftables");
            out.put("family", s.nft().family());
            out.put("priority", s.nft().priority());
            out.put("file", s.nft().file());
            if (s.nft().ruleText() != null) {
                out.put("rule_text", s.nft().ruleText());
            }
            out.put("verdict", s.target());
            return;
        }
        out.put("backend", "xtables");
        out.put("family", s.family().equals("eb") ? "bridge" : s.family());
        Integer p = priority(s);
        if (p != null) {
            out.put("priority", p);
        }
    }

    /** A nat user chain runs at whichever hook jumped to it: no one priority. */
    private static Integer natPriority(String chain, int dst, int src) {
        return switch (chain) {
            case "PREROUTING", "OUTPUT" -> dst;
            case "INPUT", "POSTROUTING" -> src;
            default -> null;
        };
    }

    private static Integer priority(TraceStep s) {
        if (s.family().equals("eb")) {
            return switch (s.table()) {
                case "broute" -> -1000;
                case "nat" -> natPriority(s.chain(), -300, 300);
                case "filter" -> -200;
                default -> null;
            };
        }
        return switch (s.table()) {
            case "raw" -> -300;
            case "mangle" -> -150;
            case "nat" -> natPriority(s.chain(), -100, 100);
            case "filter" -> 0;
            case "security" -> 50;
            default -> null;
        };
    }
}
