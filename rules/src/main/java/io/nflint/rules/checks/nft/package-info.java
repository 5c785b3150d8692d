/**
 * The checks on native nftables rulesets, one class per check, registered like the iptables ones in
 * {@link io.nflint.rules.CheckRegistry}.
 */
package io.nflint.rules.checks.nft;
