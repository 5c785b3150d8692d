package io.nflint.kernel;

import java.util.Locale;

/**
 * What the probing client saw, in the vocabulary of the corpus' ground-truth.json.
 *
 * <ul>
 *   <li>{@code ANSWERED}: one of our listeners (or, for ICMP, some namespace's echo reply) answered.</li>
 *   <li>{@code REFUSED}: TCP RST, or ICMP port unreachable (errno ECONNREFUSED).</li>
 *   <li>{@code UNREACHABLE}: ICMP net/host unreachable or prohibited, or no route in the sender
 *       (errno EHOSTUNREACH / ENETUNREACH; ICMP protocol unreachable, ENOPROTOOPT, lands here too).</li>
 *   <li>{@code TIMEOUT}: nothing came back within the probe timeout.</li>
 *   <li>{@code NO_REPLY}: TCP connected but no data came back (some socket that is not ours accepted it);
 *       ground-truth.json has this fifth value too.</li>
 * </ul>
 */
public enum ProbeResult {
    ANSWERED, REFUSED, TIMEOUT, UNREACHABLE, NO_REPLY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
