/**
 * Published container ports as the nat rules implement them: {@link io.nflint.container.PortMappingExtractor}
 * reads Docker's and podman's DNAT rules into {@link io.nflint.container.PortMapping}s, so that the
 * 3xx checks can compare what the rules do with what was asked for (the inspect output).
 */
package io.nflint.container;
