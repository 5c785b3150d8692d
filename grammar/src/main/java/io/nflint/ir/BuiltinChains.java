package io.nflint.ir;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which tables exist per family and which chains each has built in (hooked to netfilter). */
public final class BuiltinChains {

    private BuiltinChains() {
    }

    private static final Map<String, List<String>> IP = Map.of(
            "filter", List.of("INPUT", "FORWARD", "OUTPUT"),
            "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
            "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
            "raw", List.of("PREROUTING", "OUTPUT"),
            "security", List.of("INPUT", "FORWARD", "OUTPUT"));
    private static final Map<String, List<String>> BRIDGE = Map.of(
            "filter", List.of("INPUT", "FORWARD", "OUTPUT"),
            "nat", List.of("PREROUTING", "OUTPUT", "POSTROUTING"),
            "broute", List.of("BROUTING"));
    private static final Map<String, List<String>> ARP = Map.of(
            "filter", List.of("INPUT", "OUTPUT", "FORWARD"),
            "mangle", List.of("INPUT", "OUTPUT", "FORWARD"));

    private static Map<String, List<String>> of(Family f) {
        return switch (f) {
            case IPV4, IPV6 -> IP;
            case BRIDGE -> BRIDGE;
            case ARP -> ARP;
        };
    }

    public static Set<String> tables(Family f) {
        return of(f).keySet();
    }

    public static boolean isTable(Family f, String table) {
        return of(f).containsKey(table);
    }

    /** Built-in chains of the table in hook order; empty for unknown tables. */
    public static List<String> chains(Family f, String table) {
        return of(f).getOrDefault(table, List.of());
    }

    public static boolean isBuiltin(Family f, String table, String chain) {
        return chains(f, table).contains(chain);
    }
}
