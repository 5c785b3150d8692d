package io.nflint.cli.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code host:} in the config: what to assume about the host where a dump alone does not say. Kept
 * as the sysctl names and values a bundle's {@code sysctl.txt} would hold, so the analyzer's host
 * model can take them the same way ({@link #asSysctls()}); values from a bundle take precedence.
 */
public record HostAssumptions(Map<String, Boolean> values) {

    /** Config key → sysctl it stands for. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("ip_forward", "net.ipv4.ip_forward");
        k.put("ipv6_forwarding", "net.ipv6.conf.all.forwarding");
        k.put("bridge_nf_call_iptables", "net.bridge.bridge-nf-call-iptables");
        k.put("bridge_nf_call_ip6tables", "net.bridge.bridge-nf-call-ip6tables");
        k.put("bridge_nf_call_arptables", "net.bridge.bridge-nf-call-arptables");
        KEYS = java.util.Collections.unmodifiableMap(k);
    }

    public static final HostAssumptions NONE = new HostAssumptions(Map.of());

    public HostAssumptions {
        values = Map.copyOf(values);
    }

    public Map<String, String> asSysctls() {
        Map<String, String> out = new LinkedHashMap<>();
        KEYS.forEach((key, sysctl) -> {
            Boolean v = values.get(key);
            if (v != null) {
                out.put(sysctl, v ? "1" : "0");
            }
        });
        return out;
    }
}
