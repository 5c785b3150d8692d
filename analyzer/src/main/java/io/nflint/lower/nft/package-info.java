/**
 * nftables rules lowered into the vocabulary of {@link io.nflint.lower}: {@link io.nflint.lower.nft.NftLowering}
 * turns each statement of a rule into an {@link io.nflint.lower.nft.NftOp} (a test over
 * {@link io.nflint.lower.Field}s, or an action the walker executes with the same implementation as
 * the iptables target that means the same thing), per table, so that named sets and maps resolve.
 * {@code NftSelectors} says which field each selector reads and nft's protocol dependency before
 * it; {@code NftPredicates} what a relation means; {@code NftConstants} the names nft accepts for
 * numbers. What cannot be decided from the packet and the ruleset is a {@link io.nflint.lower.Pred.Opaque}
 * ("may"), or an {@link io.nflint.lower.nft.NftOp.Unknown} action.
 */
package io.nflint.lower.nft;
