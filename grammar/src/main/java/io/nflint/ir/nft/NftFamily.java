package io.nflint.ir.nft;

import java.util.Optional;

/** An nftables address family; {@code ip} when a command names none, as in nft. */
public enum NftFamily {
    IP("ip"), IP6("ip6"), INET("inet"), ARP("arp"), BRIDGE("bridge"), NETDEV("netdev");

    private final String keyword;

    NftFamily(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static Optional<NftFamily> of(String word) {
        for (NftFamily f : values()) {
            if (f.keyword.equals(word)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** True for the families whose packets can be NATed (ip, ip6, inet). */
    public boolean hasNat() {
        return this == IP || this == IP6 || this == INET;
    }
}
