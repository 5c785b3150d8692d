package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.Optional;

/**
 * One function registered at a netfilter hook, as {@code nft list hooks} prints it: the family block
 * and hook it stands in (with the device of an ingress/egress hook), its priority, and either the
 * nftables base chain or flowtable ({@code kind} "chain" or "flowtable", with {@code objectFamily},
 * {@code table} and {@code name}) or another module's function ({@code kind} "function",
 * {@code name} the function, e.g. {@code ipv4_conntrack_in} or {@code iptable_filter_hook}).
 */
public record NftHook(String family, String hook, Optional<String> device, int priority, String kind,
                      String objectFamily, String table, String name, Optional<String> module, SourceSpan span) {

    public boolean isNftObject() {
        return kind.equals("chain") || kind.equals("flowtable");
    }
}
