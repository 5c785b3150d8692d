package io.nflint.host;

import io.nflint.ir.Ip;
import java.util.List;
import java.util.Optional;

/**
 * A container as its engine reports it.
 *
 * @param engine         "docker" or "podman"
 * @param networkMode    HostConfig.NetworkMode verbatim ("default", "bridge", "host", a network name …)
 * @param requestedPorts HostConfig.PortBindings: what was asked for, kept while stopped
 * @param publishedPorts NetworkSettings.Ports: what the engine bound, empty while stopped
 */
public record ContainerInfo(
        String engine,
        String id,
        String name,
        boolean running,
        String networkMode,
        List<ContainerEndpoint> endpoints,
        List<PortBinding> requestedPorts,
        List<PortBinding> publishedPorts) {

    public ContainerInfo {
        endpoints = List.copyOf(endpoints);
        requestedPorts = List.copyOf(requestedPorts);
        publishedPorts = List.copyOf(publishedPorts);
    }

    /** The bindings in force: what the engine bound when it reports any, else what was asked for. */
    public List<PortBinding> ports() {
        return publishedPorts.isEmpty() ? requestedPorts : publishedPorts;
    }

    public Optional<ContainerEndpoint> endpoint(String network) {
        return endpoints.stream().filter(e -> e.network().equals(network)).findFirst();
    }

    /** Every address the container holds, IPv4 first. */
    public List<Ip> addresses() {
        return endpoints.stream()
                .flatMap(e -> java.util.stream.Stream.of(e.ipv4(), e.ipv6()))
                .filter(java.util.Objects::nonNull)
                .sorted()
                .toList();
    }

    public boolean hostNetwork() {
        return "host".equals(networkMode);
    }
}
