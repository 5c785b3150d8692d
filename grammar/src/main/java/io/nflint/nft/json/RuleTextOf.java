package io.nflint.nft.json;

import io.nflint.ir.nft.NftExpr;

/** The short text of an expression kept as an option value (a tproxy address, a queue's hash). */
final class RuleTextOf {

    private RuleTextOf() {
    }

    static String expr(NftExpr e) {
        return io.nflint.nft.parse.NftExprText.of(e);
    }
}
