package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;

/**
 * A stateful object (counter, quota, limit, ct helper/timeout/expectation, secmark, synproxy):
 * kind and name; rules refer to it by name. Its parameters are not modelled.
 */
public record NftObject(String kind, String name, SourceSpan span) {
}
