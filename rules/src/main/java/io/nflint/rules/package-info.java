/**
 * Running checks: a {@link io.nflint.rules.Check} with its {@link io.nflint.rules.CheckInfo} reads a
 * {@link io.nflint.rules.CheckContext} and reports {@link io.nflint.rules.Finding}s to a
 * {@link io.nflint.rules.FindingSink}; the {@link io.nflint.rules.CheckRegistry} lists every check and
 * {@link io.nflint.rules.CheckRunner} runs them. Checks never format output; the cli does.
 */
package io.nflint.rules;
