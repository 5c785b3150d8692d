package io.nflint.kernel;

import java.util.Locale;

/** Protocols the prober can send. ICMP means an echo request (ping). */
public enum Proto {
    TCP, UDP, ICMP;

    /** The spelling iptables and ground-truth.json use. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
