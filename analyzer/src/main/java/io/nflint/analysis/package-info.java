/**
 * Per-input analysis the container checks share, computed once: {@link io.nflint.analysis.HostAnalysis}
 * (the host completed from the rules, the concrete walker over every rule set, the container networks
 * and published ports) and {@link io.nflint.analysis.ReachabilityMatrix} (which endpoint reaches which).
 * It sits on top of the engines so that checks and the {@code matrix} command ask one place instead of
 * wiring host, walker and containers together themselves.
 */
package io.nflint.analysis;
