/**
 * {@link io.nflint.debug.DebugSwitches}: the developers' {@code -D} switches, read in one place
 * (users' knobs are options the command line passes down).
 */
package io.nflint.debug;
