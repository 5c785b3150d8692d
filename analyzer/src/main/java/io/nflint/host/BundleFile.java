package io.nflint.host;

import java.util.Optional;

/** The files a host bundle may hold, by their fixed names. Anything else in the directory is ignored. */
public enum BundleFile {
    IPTABLES("iptables.rules", true),
    IP6TABLES("ip6tables.rules", true),
    EBTABLES("ebtables.rules", true),
    /** {@code nft list ruleset}: native tables and, on an iptables-nft host, the xtables tables again. */
    NFT_RULES("nft.rules", true),
    /** {@code nft -j list ruleset}: read when nft.rules is absent. */
    NFT_JSON("nft.json", true),
    /** {@code nft list hooks}: which base chains run at each hook, in the order the kernel runs them. */
    NFT_HOOKS("nft-hooks.txt", false),
    IPSET("ipset.save", false),
    IP_ADDR("ip-addr.json", false),
    IP_ROUTE("ip-route.json", false),
    IP6_ROUTE("ip6-route.json", false),
    IP_LINK("ip-link.json", false),
    BRIDGE_LINK("bridge-link.json", false),
    BRIDGE_FDB("bridge-fdb.json", false),
    SYSCTL("sysctl.txt", false),
    DOCKER_INSPECT("docker-inspect.json", false),
    DOCKER_NETWORK_INSPECT("docker-network-inspect.json", false),
    PODMAN_INSPECT("podman-inspect.json", false),
    PODMAN_NETWORK_INSPECT("podman-network-inspect.json", false),
    SS_LISTEN("ss-listen.txt", false),
    /** Kept for the record; the model does not read connection state. */
    CONNTRACK("conntrack.txt", false);

    private final String fileName;
    private final boolean dump;

    BundleFile(String fileName, boolean dump) {
        this.fileName = fileName;
        this.dump = dump;
    }

    public String fileName() {
        return fileName;
    }

    /** A netfilter dump, parsed by the grammar module, not by the loader. */
    public boolean dump() {
        return dump;
    }

    public static Optional<BundleFile> byName(String name) {
        for (BundleFile f : values()) {
            if (f.fileName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
