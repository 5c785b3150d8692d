package io.nflint.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sysctls that change packet paths, with the kernel's defaults for whatever the bundle does not
 * say. Every accessor has a {@code …Setting} twin that tells whether the value was given.
 */
public final class Sysctls {

    public static final String IP_FORWARD = "net.ipv4.ip_forward";
    /** The kernel keeps this equal to {@link #IP_FORWARD}; either may be in a dump. */
    public static final String IPV4_ALL_FORWARDING = "net.ipv4.conf.all.forwarding";
    public static final String IPV6_ALL_FORWARDING = "net.ipv6.conf.all.forwarding";
    public static final String BRIDGE_NF_CALL_IPTABLES = "net.bridge.bridge-nf-call-iptables";
    public static final String BRIDGE_NF_CALL_IP6TABLES = "net.bridge.bridge-nf-call-ip6tables";
    public static final String BRIDGE_NF_CALL_ARPTABLES = "net.bridge.bridge-nf-call-arptables";
    public static final String ALL_ROUTE_LOCALNET = "net.ipv4.conf.all.route_localnet";
    public static final String ALL_RP_FILTER = "net.ipv4.conf.all.rp_filter";
    public static final String IPV6_ALL_DISABLE = "net.ipv6.conf.all.disable_ipv6";

    /**
     * Kernel defaults for a fresh network namespace. ip_forward starts at 0; the bridge-nf-call
     * switches start at 1 once br_netfilter is loaded (without the module nothing is called at
     * all, which a bundle without these keys cannot tell us, so we assume the module is there).
     */
    private static final Map<String, String> DEFAULTS = Map.of(
            IP_FORWARD, "0",
            IPV6_ALL_FORWARDING, "0",
            BRIDGE_NF_CALL_IPTABLES, "1",
            BRIDGE_NF_CALL_IP6TABLES, "1",
            BRIDGE_NF_CALL_ARPTABLES, "1",
            ALL_ROUTE_LOCALNET, "0",
            ALL_RP_FILTER, "0",
            IPV6_ALL_DISABLE, "0");

    private static final Sysctls NONE = new Sysctls(Map.of());

    private final Map<String, String> given;

    private Sysctls(Map<String, String> given) {
        this.given = Map.copyOf(given);
    }

    public static Sysctls of(Map<String, String> values) {
        return new Sysctls(values);
    }

    /** Nothing given: every accessor answers with the kernel default. */
    public static Sysctls defaults() {
        return NONE;
    }

    /** The keys the model reads and the defaults it falls back to, in a stable order. */
    public static Map<String, String> modelledDefaults() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : List.of(IP_FORWARD, IPV6_ALL_FORWARDING, BRIDGE_NF_CALL_IPTABLES,
                BRIDGE_NF_CALL_IP6TABLES, ALL_ROUTE_LOCALNET)) {
            out.put(key, DEFAULTS.get(key));
        }
        return out;
    }

    /**
     * Whether nflint reads {@code key} as a number: the modelled keys and their per-device twins. A
     * value that is not an integer there is an error, not a silent 0.
     */
    static boolean isNumeric(String key) {
        if (DEFAULTS.containsKey(key) || key.equals(IPV4_ALL_FORWARDING)) {
            return true;
        }
        return (key.startsWith("net.ipv4.conf.") || key.startsWith("net.ipv6.conf."))
                && (key.endsWith(".forwarding") || key.endsWith(".route_localnet") || key.endsWith(".rp_filter")
                || key.endsWith(".disable_ipv6"));
    }

    /** Every key/value read from the bundle, verbatim. */
    public Map<String, String> raw() {
        return given;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(given.get(key));
    }

    /** The given value, else the kernel default, else empty when we know no default. */
    public Optional<SysctlSetting> setting(String key) {
        String v = given.get(key);
        if (v != null) {
            return Optional.of(new SysctlSetting(key, v, true));
        }
        String d = DEFAULTS.get(key);
        return d == null ? Optional.empty() : Optional.of(new SysctlSetting(key, d, false));
    }

    public SysctlSetting ipForwardSetting() {
        if (!given.containsKey(IP_FORWARD) && given.containsKey(IPV4_ALL_FORWARDING)) {
            return new SysctlSetting(IPV4_ALL_FORWARDING, given.get(IPV4_ALL_FORWARDING), true);
        }
        return setting(IP_FORWARD).orElseThrow();
    }

    public boolean ipForward() {
        return ipForwardSetting().asBoolean();
    }

    public SysctlSetting ipv6ForwardingSetting() {
        return setting(IPV6_ALL_FORWARDING).orElseThrow();
    }

    public boolean ipv6Forwarding() {
        return ipv6ForwardingSetting().asBoolean();
    }

    public SysctlSetting bridgeNfCallIptablesSetting() {
        return setting(BRIDGE_NF_CALL_IPTABLES).orElseThrow();
    }

    public boolean bridgeNfCallIptables() {
        return bridgeNfCallIptablesSetting().asBoolean();
    }

    public SysctlSetting bridgeNfCallIp6tablesSetting() {
        return setting(BRIDGE_NF_CALL_IP6TABLES).orElseThrow();
    }

    public boolean bridgeNfCallIp6tables() {
        return bridgeNfCallIp6tablesSetting().asBoolean();
    }

    /**
     * route_localnet for packets on {@code iface}: the kernel ORs conf.all with the device's own
     * value (IN_DEV_ORCONF), so either one switched on is enough.
     */
    public boolean routeLocalnet(String iface) {
        return routeLocalnetSettings(iface).stream().anyMatch(SysctlSetting::asBoolean);
    }

    /** The settings {@link #routeLocalnet} combines; the device's own one only when given. */
    public List<SysctlSetting> routeLocalnetSettings(String iface) {
        List<SysctlSetting> out = new ArrayList<>();
        out.add(setting(ALL_ROUTE_LOCALNET).orElseThrow());
        if (iface != null) {
            perDevice(iface, "route_localnet").ifPresent(out::add);
        }
        return out;
    }

    /** rp_filter on {@code iface}: the kernel uses the larger of conf.all and the device's value. */
    public int rpFilter(String iface) {
        int all = setting(ALL_RP_FILTER).orElseThrow().asInt();
        int dev = iface == null ? 0 : perDevice(iface, "rp_filter").map(SysctlSetting::asInt).orElse(0);
        return Math.max(all, dev);
    }

    /** sysctl writes a dot inside an interface name (eth0.100) as a slash. */
    private Optional<SysctlSetting> perDevice(String iface, String leaf) {
        for (String name : List.of(iface, iface.replace('.', '/'))) {
            String key = "net.ipv4.conf." + name + "." + leaf;
            String v = given.get(key);
            if (v != null) {
                return Optional.of(new SysctlSetting(key, v, true));
            }
        }
        return Optional.empty();
    }

    /** Modelled keys whose value is the default because the bundle did not give them. */
    public List<String> assumedKeys() {
        List<String> out = new ArrayList<>();
        for (String key : modelledDefaults().keySet()) {
            boolean present = given.containsKey(key)
                    || (key.equals(IP_FORWARD) && given.containsKey(IPV4_ALL_FORWARDING));
            if (!present) {
                out.add(key);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sysctls s && s.given.equals(given);
    }

    @Override
    public int hashCode() {
        return given.hashCode();
    }

    @Override
    public String toString() {
        return "Sysctls" + given;
    }
}
