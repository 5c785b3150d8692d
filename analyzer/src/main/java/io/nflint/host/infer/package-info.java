/**
 * Guesses about the host when the input is a bare dump: {@link io.nflint.host.infer.TopologyInference}
 * (bridges, subnets, uplink, forwarding from what the rules mention) and
 * {@link io.nflint.host.infer.BridgeFrameInference}. Each guess is an assumption naming the rule line it
 * came from, so a finding that rests on it can say so.
 */
package io.nflint.host.infer;
