package io.nflint.host;

import io.nflint.ir.Ip;

/**
 * A container's attachment to one network. Addresses and gateways are null when the engine
 * reports none (stopped containers, networks without IPv6).
 */
public record ContainerEndpoint(
        String network,
        Ip ipv4,
        int prefixLen4,
        Ip gateway4,
        Ip ipv6,
        int prefixLen6,
        Ip gateway6,
        String mac) {
}
