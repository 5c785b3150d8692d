/**
 * nftables text: {@link io.nflint.nft.parse.NftTextParser} reads {@code nft -f} input and {@code nft list
 * ruleset} output command by command into the nftables IR, with {@link io.nflint.nft.parse.NftParseOptions}.
 * Errors are reported at the token and in the words nft would use.
 */
package io.nflint.nft.parse;
