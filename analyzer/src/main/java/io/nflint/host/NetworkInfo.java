package io.nflint.host;

import io.nflint.ir.Ip;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container network as its engine reports it.
 *
 * @param bridge  the host's bridge interface for bridge networks, else null
 * @param options driver options verbatim (Docker's {@code com.docker.network.bridge.*})
 */
public record NetworkInfo(
        String engine,
        String name,
        String id,
        String driver,
        String bridge,
        List<NetworkSubnet> subnets,
        boolean internal,
        boolean ipv6Enabled,
        Map<String, String> options) {

    public static final String OPT_BRIDGE_NAME = "com.docker.network.bridge.name";
    public static final String OPT_MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";
    public static final String OPT_ICC = "com.docker.network.bridge.enable_icc";
    public static final String OPT_HOST_BINDING_IPV4 = "com.docker.network.bridge.host_binding_ipv4";

    public NetworkInfo {
        subnets = List.copyOf(subnets);
        options = Map.copyOf(options);
    }

    /** Docker masquerades unless the option says "false". */
    public boolean enableIpMasquerade() {
        return !"false".equalsIgnoreCase(options.getOrDefault(OPT_MASQUERADE, "true"));
    }

    /** Docker lets containers of one bridge talk unless the option says "false". */
    public boolean enableIcc() {
        return !"false".equalsIgnoreCase(options.getOrDefault(OPT_ICC, "true"));
    }

    public Optional<Ip> hostBindingIpv4() {
        String v = options.get(OPT_HOST_BINDING_IPV4);
        return v == null ? Optional.empty() : Ip.parseV4(v);
    }

    public List<NetworkSubnet> subnets(boolean v6) {
        return subnets.stream().filter(s -> s.v6() == v6).toList();
    }
}
