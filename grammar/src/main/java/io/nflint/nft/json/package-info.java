/**
 * {@code nft -j} input: {@link io.nflint.nft.json.NftJsonReader} reads libnftables JSON into the same
 * nftables IR the text parser builds, so checks never know which form they were given.
 */
package io.nflint.nft.json;
