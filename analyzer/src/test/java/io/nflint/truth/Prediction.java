package io.nflint.truth;

/**
 * What the walker's answer means for a probe, in ground-truth.json's vocabulary.
 *
 * @param result     answered | refused | timeout | unreachable | no-reply
 * @param source     the source address the server saw (answered only), as text
 * @param answeredBy the container name, "outside", or null
 * @param why        one line: which walks led here (for the table and for failures)
 */
record Prediction(String result, String source, String answeredBy, String why) {

    static Prediction answered(String source, String by, String why) {
        return new Prediction("answered", source, by, why);
    }

    static Prediction of(String result, String why) {
        return new Prediction(result, null, null, why);
    }

    Prediction because(String more) {
        return new Prediction(result, source, answeredBy, more + "; " + why);
    }

    /** Same result, and for answered probes the same server and the same source address. */
    boolean agrees(GroundTruth.Probe p) {
        if (!result.equals(p.result())) {
            return false;
        }
        if (!result.equals("answered")) {
            return true;
        }
        return sameAddress(source, p.sourceSeen()) && java.util.Objects.equals(answeredBy, p.answeredBy());
    }

    private static boolean sameAddress(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return GroundTruth.ip(a).equals(GroundTruth.ip(b));
    }

    String brief() {
        return result + (source != null ? " src " + source : "") + (answeredBy != null ? " by " + answeredBy : "");
    }
}
