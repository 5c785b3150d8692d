/**
 * {@code .nflint.yaml}: found by {@link io.nflint.cli.config.ConfigLocator}, read and validated by
 * {@link io.nflint.cli.config.ConfigLoader} into a {@link io.nflint.cli.config.Config}. A bad config is
 * a positioned error, never a silently ignored key.
 */
package io.nflint.cli.config;
