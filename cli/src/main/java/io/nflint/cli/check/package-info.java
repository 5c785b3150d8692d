/**
 * {@code nflint check} ({@link io.nflint.cli.check.CheckCommand}): reading inputs of every shape (dumps,
 * bundles, directories, nftables, standard input; {@link io.nflint.cli.check.InputFormat},
 * {@link io.nflint.cli.check.InputReader}), running the checks on them in parallel, and handing
 * findings to the reporters in input order, so output never depends on which input finished first.
 */
package io.nflint.cli.check;
