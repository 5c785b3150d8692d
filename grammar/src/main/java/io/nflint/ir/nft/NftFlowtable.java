package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.List;

/** A flowtable: the hook (ingress), its priority and the devices whose flows it offloads. */
public record NftFlowtable(String name, String hook, int priority, List<String> devices, SourceSpan span) {

    public NftFlowtable {
        devices = List.copyOf(devices);
    }
}
