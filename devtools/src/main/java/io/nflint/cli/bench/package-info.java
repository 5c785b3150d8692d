/**
 * {@code nflint bench} ({@link io.nflint.cli.bench.BenchCommand}): speed and memory of each phase on
 * generated dumps, as ratios against a reference measured in the same run, because absolute times
 * mean nothing on a shared machine.
 */
package io.nflint.cli.bench;
