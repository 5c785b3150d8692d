/**
 * The symbolic engine's API, the only part of it that checks and the cli see: {@link io.nflint.symbolic.SymbolicEngine}
 * (open one, ask about packet sets, rule logic and diffs), its answers ({@link io.nflint.symbolic.PacketSet},
 * {@link io.nflint.symbolic.Emptiness}, {@link io.nflint.symbolic.WitnessPacket},
 * {@link io.nflint.symbolic.RuleLogicReport}, {@link io.nflint.symbolic.SemanticDiff}) and
 * {@link io.nflint.symbolic.EngineOptions}. No Z3 type appears here, so a BDD backend could replace Z3
 * and Z3 is loaded only when a check needs it; the sub-packages hold the implementation.
 */
package io.nflint.symbolic;
