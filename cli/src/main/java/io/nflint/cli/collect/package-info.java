/**
 * {@code nflint collect} ({@link io.nflint.cli.collect.CollectCommand}): writes a host bundle on the
 * firewall host; the collecting itself is in the analyzer's host.collect package.
 */
package io.nflint.cli.collect;
