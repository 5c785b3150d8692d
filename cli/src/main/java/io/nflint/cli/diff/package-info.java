/**
 * {@code nflint diff} ({@link io.nflint.cli.diff.DiffCommand}): what a change to the firewall opens or
 * closes, from the symbolic engine's semantic diff, as text or JSON and as a CI gate.
 */
package io.nflint.cli.diff;
