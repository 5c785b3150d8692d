/**
 * Where reports go: {@link io.nflint.cli.output.OutputTarget} (a format and a file or standard output)
 * and {@link io.nflint.cli.output.CheckOutput}, so that one run can write several formats at once.
 */
package io.nflint.cli.output;
