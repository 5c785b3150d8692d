/**
 * The iptables/ebtables checks, one class per check with its metadata (registered in
 * {@link io.nflint.rules.CheckRegistry}), and the helpers they share. Each check has a docs page and
 * sample dumps with expectation comments, a bug beside its fixed twin.
 */
package io.nflint.rules.checks;
