package io.nflint.kernel;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what socat and ping printed into an {@link Observation}. Pure text, so it is unit-tested
 * without root; the patterns are the glibc strerror texts and iputils ping lines seen on the kernel.
 */
final class ProbeOutputs {

    /** Our listeners reply with one line: {@code nflint-listener ns=<name> peer=<addr> port=<n>}. */
    private static final Pattern LISTENER_LINE =
            Pattern.compile("nflint-listener ns=(\\S+) peer=(\\S+)");

    private ProbeOutputs() {
    }

    static Observation fromSocat(String stdout, String stderr, boolean connected) {
        Matcher m = LISTENER_LINE.matcher(stdout);
        if (m.find()) {
            return Observation.answered(m.group(1), unbracket(m.group(2)));
        }
        String error = lastSocatError(stderr);
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.contains("connection refused")) {
            return Observation.failed(ProbeResult.REFUSED, error);
        }
        if (lower.contains("no route to host") || lower.contains("network is unreachable")
                || lower.contains("protocol not available") || lower.contains("permission denied")) {
            return Observation.failed(ProbeResult.UNREACHABLE, error);
        }
        if (connected) {
            return Observation.failed(ProbeResult.NO_REPLY, error);
        }
        return Observation.failed(ProbeResult.TIMEOUT, error);
    }

    /** socat prints an IPv6 peer as {@code [2001:0db8:...:0001]}. */
    static String unbracket(String peer) {
        return peer.startsWith("[") && peer.endsWith("]") ? peer.substring(1, peer.length() - 1) : peer;
    }

    /** socat prefixes errors with a timestamp and pid; keep only the part after "E ". */
    static String lastSocatError(String stderr) {
        String last = "";
        for (String line : stderr.split("\n")) {
            int at = line.indexOf("] E ");
            if (at >= 0) {
                last = line.substring(at + 4).trim();
            }
        }
        return last;
    }

    static Observation fromPing(String stdout, String answeredBy) {
        for (String line : stdout.split("\n")) {
            if (line.contains(" bytes from ")) {
                return Observation.answered(answeredBy, null);
            }
        }
        for (String line : stdout.split("\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("from ")) {
                String detail = line.trim();
                if (l.contains("port unreachable")) {
                    return Observation.failed(ProbeResult.REFUSED, detail);
                }
                if (l.contains("unreachable") || l.contains("prohibited") || l.contains("packet filtered")) {
                    return Observation.failed(ProbeResult.UNREACHABLE, detail);
                }
            }
        }
        if (stdout.contains("connect: Network is unreachable")) {
            return Observation.failed(ProbeResult.UNREACHABLE, "Network is unreachable");
        }
        return Observation.failed(ProbeResult.TIMEOUT, "");
    }
}
