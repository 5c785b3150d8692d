/**
 * Rule logic (shadowed, redundant and unreachable rules, dead chains): {@link io.nflint.symbolic.logic.RuleLogic}
 * orchestrates, {@link io.nflint.symbolic.logic.ReachQueries} and
 * {@link io.nflint.symbolic.logic.RedundancyQueries} ask the solver, and
 * {@link io.nflint.symbolic.logic.ConcreteProbe}, {@link io.nflint.symbolic.logic.ChainCovers} and
 * {@link io.nflint.symbolic.logic.Covers} settle most rules without it or explain what covers them.
 * Tasks run in a fixed order and split over workers by index, so the rules a finding names never
 * depend on thread timing.
 */
package io.nflint.symbolic.logic;
