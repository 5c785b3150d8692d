package io.nflint.cli.check;

import io.nflint.host.HostModel;
import java.util.List;

/** One argument of {@code nflint check}: a dump, stdin, or a host bundle of several dumps. */
public record InputSource(String name, List<DumpInput> dumps, HostModel host, BundleHooks nftHooks) {
    public InputSource {
        dumps = List.copyOf(dumps);
    }

    /** A bundle's nft-hooks.txt, read, with its text (for quoting its lines). */
    public record BundleHooks(io.nflint.ir.nft.NftHooks hooks, String text) { }

    public InputSource(String name, List<DumpInput> dumps, HostModel host) {
        this(name, dumps, host, null);
    }

    /** A bare dump or stdin: no host facts. */
    public InputSource(String name, List<DumpInput> dumps) {
        this(name, dumps, null);
    }

    public boolean isBundle() {
        return host != null;
    }
}
