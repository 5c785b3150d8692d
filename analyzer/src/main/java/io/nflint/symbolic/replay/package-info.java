/**
 * Witnesses and their replay: {@link io.nflint.symbolic.replay.Witnesses} reads a concrete packet out of a
 * model, preferring ordinary ones, and {@link io.nflint.symbolic.replay.WitnessReplay} walks it with the
 * concrete walker on a host made from the model's choices ({@link io.nflint.symbolic.replay.FlatHost},
 * {@link io.nflint.symbolic.replay.HostChoices}). Every symbolic answer a finding shows is checked
 * this way, so the two engines keep each other honest.
 */
package io.nflint.symbolic.replay;
