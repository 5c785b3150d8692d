package io.nflint.pipeline;

/** The netfilter hooks a packet can pass (BROUTING is ebtables' hook before bridging). */
public enum Hook {
    PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING, BROUTING
}
