/**
 * Baselines: findings accepted as they are ({@link io.nflint.rules.baseline.Baseline}), matched by a
 * {@link io.nflint.rules.baseline.FindingKey} that survives unrelated edits to the file.
 */
package io.nflint.rules.baseline;
