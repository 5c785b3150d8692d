package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * A base chain's registration: type ({@code filter}, {@code nat}, {@code route}), hook, the numeric
 * priority nft resolved from a symbolic name and offset, the policy (absent: accept) and devices
 * (netdev/inet ingress, egress).
 */
public record NftBaseChain(String type, String hook, int priority, Optional<String> policy, List<String> devices,
                           SourceSpan span) {

    public NftBaseChain {
        devices = List.copyOf(devices);
    }

    public String effectivePolicy() {
        return policy.orElse("accept");
    }
}
