package io.nflint.cli.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * What code scanning reads from a rule's {@code properties}: {@code precision} (how often a finding
 * is real) and, for checks that find traffic reaching what it should not, {@code security-severity}
 * (a CVSS-like 0.0–10.0 score that code scanning turns into critical/high/medium/low) with the
 * {@code security} tag it requires.
 */
final class SarifRuleProperties {

    /** Exposure checks and their score: how much of the host is opened, and to whom. */
    private static final Map<String, String> SECURITY_SEVERITY = Map.of(
            "NFL307", "8.1",   // a 127.0.0.1 publish reachable by the local network
            "NFL402", "7.5",   // a container port nobody published reachable by routing
            "NFL403", "7.5",   // IPv6 left unfiltered while IPv4 is filtered
            "NFL401", "6.5",   // networks meant to be isolated reach each other
            "NFL308", "5.3",   // a published port that INPUT rules were believed to protect
            "NFL502", "5.3");  // NodePorts open on every address of the node

    private SarifRuleProperties() {
    }

    static void add(ObjectNode rule, String id) {
        ObjectNode props = rule.putObject("properties");
        props.put("precision", precision(id));
        String severity = SECURITY_SEVERITY.get(id);
        var tags = props.putArray("tags");
        if (severity != null) {
            props.put("security-severity", severity);
            tags.add("security");
        }
        tags.add("netfilter");
    }

    /**
     * Syntax and structure checks read the dump exactly; rule logic is proven by the solver; the walker
     * checks depend on the host's topology, which may be inferred (their findings then say "may").
     */
    static String precision(String id) {
        if (id.startsWith("NFL0") || id.startsWith("NFL1")) {
            return "very-high";
        }
        return "high";
    }
}
