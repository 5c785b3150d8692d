package io.nflint.symbolic.replay;

import io.nflint.ir.Ip;

import java.util.Map;

/**
 * What a model chose for the host facts the rules leave open, at the addresses and interfaces a
 * witness's path asks about: whether an address is local, which interface it routes out of, and an
 * interface's own address (MASQUERADE, REDIRECT), and route_localnet on an interface (whether
 * 127.0.0.0/8 is routed there). A replay gives the concrete walker this host.
 */
public record HostChoices(Map<Ip, Boolean> local, Map<Ip, String> routes, Map<String, Ip> ifaceAddrs,
                   Map<String, Boolean> routeLocalnet) {

    public HostChoices {
        local = Map.copyOf(local);
        routes = Map.copyOf(routes);
        ifaceAddrs = Map.copyOf(ifaceAddrs);
        routeLocalnet = Map.copyOf(routeLocalnet);
    }

    /** Choices without route_localnet answers (it stays off, the kernel's default). */
    HostChoices(Map<Ip, Boolean> local, Map<Ip, String> routes, Map<String, Ip> ifaceAddrs) {
        this(local, routes, ifaceAddrs, Map.of());
    }
}
