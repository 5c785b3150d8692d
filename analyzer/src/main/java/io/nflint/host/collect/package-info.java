/**
 * {@code nflint collect}'s side on the firewall host: {@link io.nflint.host.collect.BundleCollector} runs
 * read-only commands and writes a bundle, with a {@link io.nflint.host.collect.CollectReport} saying
 * what it could not read. Commands go through a runner so tests never touch the real host.
 */
package io.nflint.host.collect;
