package io.nflint.analysis;

import io.nflint.ir.Ip;

/**
 * One address of one container on one network. {@code name} is the container's name from inspect
 * output, or the address itself when the container was only inferred from a DNAT target.
 */
public record ContainerEndpointView(String name, Ip address, ContainerNetwork network, boolean running,
                                    boolean inferred) {
}
