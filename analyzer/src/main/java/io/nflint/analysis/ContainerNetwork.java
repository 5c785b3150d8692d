package io.nflint.analysis;

import io.nflint.ir.Ip;
import io.nflint.ir.IpNet;

/**
 * A container network as the analysis sees it: its bridge, subnet and gateway, from the engine's
 * inspect output when the bundle has it ({@code inferred} false), else guessed from the rules.
 * {@code masquerade} is the engine's intent (Docker's enable_ip_masquerade), true when unknown.
 */
public record ContainerNetwork(String name, String bridge, IpNet subnet, Ip gateway, boolean internal,
                               boolean masquerade, boolean inferred) {
}
