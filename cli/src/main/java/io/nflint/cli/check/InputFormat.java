package io.nflint.cli.check;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What a dump is, from its name and first meaningful line: an iptables/ebtables dump, nft text
 * ({@code nft -f} input, {@code nft list ruleset}, kube-proxy's {@code add …} commands) or
 * {@code nft -j} JSON. Kept in its own class so that every input path asks the same question.
 */
public enum InputFormat {
    XTABLES, NFT_TEXT, NFT_JSON;

    private static final Set<String> NFT_WORDS = Set.of("table", "flush", "define", "redefine", "undefine", "include",
            "add", "insert", "create", "delete", "destroy", "replace", "list", "chain", "set", "map", "flowtable",
            "rule", "element", "reset");

    public static InputFormat detect(String name, byte[] content) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        int limit = Math.min(content.length, 64 * 1024);
        String head = new String(content, 0, limit, StandardCharsets.UTF_8);
        String trimmed = head.stripLeading();
        if (trimmed.startsWith("{") && trimmed.contains("\"nftables\"")) {
            return NFT_JSON;
        }
        if (lower.endsWith(".nft") || lower.endsWith("nftables.conf") || lower.endsWith("nft.rules")) {
            return NFT_TEXT;
        }
        for (String line : head.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#!")) {
                return l.contains("nft") ? NFT_TEXT : XTABLES;
            }
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int sp = l.indexOf(' ');
            String first = sp < 0 ? l : l.substring(0, sp);
            return NFT_WORDS.contains(first) ? NFT_TEXT : XTABLES;
        }
        return XTABLES;
    }
}
