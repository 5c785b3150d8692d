/**
 * The Z3 layer: {@link io.nflint.symbolic.z3.Z3Engine} implements the engine's API; {@link io.nflint.symbolic.z3.Encoding}
 * and {@link io.nflint.symbolic.z3.MatchEncoder} turn headers, host facts and matches into formulas;
 * {@link io.nflint.symbolic.z3.SymbolicWalker} runs one table's chains symbolically and
 * {@link io.nflint.symbolic.z3.PathRunner} a whole hook path. Work is capped by Z3's counted
 * {@code rlimit}, never by time, so answers are the same on every machine.
 */
package io.nflint.symbolic.z3;
