package io.nflint.truth;

import static org.assertj.core.api.Assertions.assertThat;

import io.nflint.walk.WalkInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The walker against every probe dockerd and podman's hosts answered in the corpus
 * (shared/corpus/generated/*&#47;*&#47;ground-truth.json): each probe becomes a walk (see {@link ProbeWalks}),
 * the walk's outcome a predicted result, and the prediction must match what the real host did —
 * or be listed in {@link #KNOWN_LIMITATIONS} with the reason. An entry that now agrees fails the
 * test too, so the list only ever holds real disagreements.
 */
class GroundTruthAgreementTest {

    /** "engine/scenario :: probe name" → why the walker (or this translation) cannot get it right. */
    static final Map<String, String> KNOWN_LIMITATIONS = new LinkedHashMap<>();

    static {
        KNOWN_LIMITATIONS.put("podman-4.3.1/netavark-g-internal-network :: web->db ip:5432 (default network to internal network)",
                "not explained by the bundle: the rules forward and MASQUERADE it (source 172.31.0.1) and db listens, but the "
                        + "host timed out; its conntrack.txt shows the entry stuck in SYN_RECV, i.e. db's SYN-ACK reached the "
                        + "engine and was never forwarded back to web. Something outside iptables.rules/sysctl.txt stopped "
                        + "it (a per-device sysctl such as net.ipv4.conf.podman1.forwarding, which the bundle does not "
                        + "record, would); the walker models what the bundle says");
    }

    @Test
    void everyProbeAgreesOrIsAStatedLimitation() throws Exception {
        List<String> table = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        int total = 0;
        int agree = 0;
        for (Path dir : GroundTruth.bundles()) {
            GroundTruth truth = GroundTruth.load(dir);
            ProbeWalks walks = new ProbeWalks(truth, WalkInput.load(dir));
            for (GroundTruth.Probe p : truth.probes()) {
                total++;
                String key = truth.engine() + "/" + truth.scenario() + " :: " + p.name();
                Prediction pred = walks.predict(p);
                boolean ok = pred.agrees(p);
                String expected = p.result() + (p.sourceSeen() != null ? " src " + p.sourceSeen() : "")
                        + (p.answeredBy() != null && p.result().equals("answered") ? " by " + p.answeredBy() : "");
                table.add(String.format("%-5s %-40.40s %-62.62s %-24s | kernel: %-42s | walk: %s", ok ? "ok" : "DIFF",
                        truth.scenario(), p.name(), p.dst() + ":" + p.dport() + "/" + p.proto(), expected, pred.brief()));
                if (Boolean.getBoolean("nflint.truth.why")) {
                    table.add("        " + pred.why());
                }
                if (ok) {
                    agree++;
                    if (KNOWN_LIMITATIONS.containsKey(key)) {
                        stale.add(key);
                    }
                } else if (!KNOWN_LIMITATIONS.containsKey(key)) {
                    unexpected.add(key + "\n    kernel: " + expected + "\n    walk:   " + pred.brief() + "\n    why:    " + pred.why());
                }
            }
        }
        table.forEach(System.out::println);
        System.out.println("[ground-truth] " + agree + " of " + total + " probes agree; "
                + KNOWN_LIMITATIONS.size() + " stated limitations");
        assertThat(total).as("probes in the corpus").isEqualTo(272);
        assertThat(unexpected).as("disagreements that are not stated limitations").isEmpty();
        assertThat(stale).as("stated limitations that now agree (remove them from KNOWN_LIMITATIONS)").isEmpty();
        assertThat(agree + KNOWN_LIMITATIONS.size()).as("every probe agrees or is a limitation").isEqualTo(total);
    }
}
