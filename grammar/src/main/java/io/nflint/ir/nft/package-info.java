/**
 * The IR of native nftables rulesets, from `nft -f` text or `nft -j` JSON alike: tables per family,
 * chains (base chains with their numeric priority), rules as typed statements over typed
 * expressions, sets, maps, flowtables and objects. Expressions name packet and state fields
 * (payload protocol/field, meta key, ct key) the way a later lowering into field predicates needs;
 * nothing here is nft syntax or an ANTLR type. Records hold spans; IR equality between text and JSON
 * is equality with the spans left out.
 */
package io.nflint.ir.nft;
