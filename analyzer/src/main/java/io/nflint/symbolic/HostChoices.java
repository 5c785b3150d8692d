package io.nflint.symbolic;

import io.nflint.ir.Ip;

import java.util.Map;

/**
 * What a model chose for the host facts the rules leave open, at the addresses and interfaces a
 * witness's path asks about: whether an address is local, which interface it routes out of, and an
 * interface's own address (MASQUERADE, REDIRECT). A replay gives the concrete walker this host.
 */
record HostChoices(Map<Ip, Boolean> local, Map<Ip, String> routes, Map<String, Ip> ifaceAddrs) {

    HostChoices {
        local = Map.copyOf(local);
        routes = Map.copyOf(routes);
        ifaceAddrs = Map.copyOf(ifaceAddrs);
    }
}
