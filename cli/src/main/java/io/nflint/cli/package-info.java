/**
 * The command line: {@link io.nflint.cli.Main} and the root {@link io.nflint.cli.NflintCommand}, with what
 * every subcommand shares (inputs, errors and {@link io.nflint.cli.ExitCode}s, services). Only this
 * module knows about output formats, picocli and exit codes, so the analysis stays usable as a library.
 */
package io.nflint.cli;
