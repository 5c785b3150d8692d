/**
 * The baseline file as the cli reads and writes it ({@link io.nflint.cli.baseline.BaselineFile}): sorted
 * entries, so that regenerating it gives a reviewable diff. What a baseline means for findings lives
 * in the rules module.
 */
package io.nflint.cli.baseline;
