package io.nflint.kernel;

/**
 * The kernel's answer to one probe.
 *
 * @param result     what the client saw
 * @param answeredBy logical name of the namespace whose listener answered, or null
 * @param sourceSeen source address the listener saw (after all NAT), or null; always null for ICMP
 * @param detail     the client's own words (strerror text or ping line), for reports and REJECT checks
 */
public record Observation(ProbeResult result, String answeredBy, String sourceSeen, String detail) {

    public static Observation answered(String by, String source) {
        return new Observation(ProbeResult.ANSWERED, by, source, "");
    }

    public static Observation failed(ProbeResult result, String detail) {
        return new Observation(result, null, null, detail);
    }

    @Override
    public String toString() {
        return switch (result) {
            case ANSWERED -> "answered by " + answeredBy + (sourceSeen == null ? "" : " (saw source " + sourceSeen + ")");
            default -> result.wire() + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        };
    }
}
