/**
 * {@code nflint trace} ({@link io.nflint.cli.trace.TraceCommand}): one packet through the host, as the
 * concrete walker sees it, printed like {@code iptables -j TRACE} would show it.
 */
package io.nflint.cli.trace;
