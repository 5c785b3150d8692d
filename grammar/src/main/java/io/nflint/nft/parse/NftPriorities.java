package io.nflint.nft.parse;

import io.nflint.ir.nft.NftFamily;
import java.util.OptionalInt;

/**
 * Symbolic chain priorities as nft resolves them (src/rule.c, std_prios and bridge_std_prios): the
 * bridge family has its own numbers. nft 1.0.6 accepts {@code dstnat}/{@code srcnat} only on the
 * hooks where NAT of that kind happens; newer nft (and Docker 29) use them elsewhere too, so nflint
 * resolves every name in every family and leaves hook fitness to the checks.
 */
final class NftPriorities {

    private NftPriorities() {
    }

    static OptionalInt resolve(NftFamily family, String name) {
        if (family == NftFamily.BRIDGE) {
            return switch (name) {
                case "dstnat" -> OptionalInt.of(-300);
                case "filter" -> OptionalInt.of(-200);
                case "out" -> OptionalInt.of(100);
                case "srcnat" -> OptionalInt.of(300);
                default -> OptionalInt.empty();
            };
        }
        return switch (name) {
            case "raw" -> OptionalInt.of(-300);
            case "mangle" -> OptionalInt.of(-150);
            case "dstnat" -> OptionalInt.of(-100);
            case "filter" -> OptionalInt.of(0);
            case "security" -> OptionalInt.of(50);
            case "srcnat" -> OptionalInt.of(100);
            default -> OptionalInt.empty();
        };
    }
}
