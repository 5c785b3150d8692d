/**
 * The concrete packet walk: {@link io.nflint.walk.Walker} follows one {@link io.nflint.walk.Packet}
 * ({@link io.nflint.walk.WalkRequest}) through the hooks as the kernel does and returns every
 * {@link io.nflint.walk.Outcome} with its {@link io.nflint.walk.TraceStep}s ({@link io.nflint.walk.WalkResult}).
 * Nondeterministic matches fork; the per-packet run is split into its state, routing, conntrack/NAT
 * and stage steps. It is the engine the kernel tests compare against, and the one the symbolic
 * engine's witnesses are replayed on.
 */
package io.nflint.walk;
