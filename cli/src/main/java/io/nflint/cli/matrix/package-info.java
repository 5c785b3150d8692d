/**
 * {@code nflint matrix} ({@link io.nflint.cli.matrix.MatrixCommand}): which endpoints of a host reach
 * which, from the analyzer's reachability matrix.
 */
package io.nflint.cli.matrix;
