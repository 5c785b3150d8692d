package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.Optional;

/** One element of a set or map (anonymous or named): its key, a map's data, its own timeout. */
public record NftElement(NftExpr key, Optional<NftExpr> data, Optional<Long> timeoutMs, Optional<String> comment,
                         SourceSpan span) {
}
