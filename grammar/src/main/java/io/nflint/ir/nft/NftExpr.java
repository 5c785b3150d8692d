package io.nflint.ir.nft;

import java.util.List;

/**
 * An nft expression. Selectors name a packet or state field ({@link Payload}, {@link Meta},
 * {@link Ct}, {@link Fib} …) — the names a lowering into field predicates keys on; values are
 * constants as nft prints them (numbers in decimal, symbols as words), and the composites nft builds
 * from them. What nflint does not type is kept verbatim in {@link Keyed}.
 */
public sealed interface NftExpr {

    /** A header field: {@code ip saddr}, {@code tcp dport}, {@code th dport}, {@code ether type}. */
    record Payload(String protocol, String field) implements NftExpr { }

    /** A raw payload field: {@code @nh,16,16} (base ll/nh/th/ih, offset and length in bits). */
    record RawPayload(String base, int offset, int length) implements NftExpr { }

    /** A meta key: {@code meta mark}, {@code iifname}, {@code meta l4proto}. */
    record Meta(String key) implements NftExpr { }

    /** A conntrack key, with direction (original/reply) and family where given: {@code ct original ip daddr}. */
    record Ct(String key, String direction, String family) implements NftExpr { }

    /** A fib lookup: flags (saddr, daddr, mark, iif, oif) and the result (oif, oifname, type). */
    record Fib(List<String> flags, String result) implements NftExpr {
        public Fib {
            flags = List.copyOf(flags);
        }
    }

    /** {@code numgen random|inc mod N offset K}. */
    record Numgen(String mode, long mod, long offset) implements NftExpr { }

    /** {@code jhash EXPR mod N seed S offset K} and {@code symhash mod N offset K}. */
    record Hash(String kind, NftExpr over, long mod, long seed, long offset) implements NftExpr { }

    /** Selectors nflint keeps by name only: socket, osf, rt, exthdr, tcp option, ipsec, sctp chunk … */
    record Keyed(String kind, List<String> words) implements NftExpr {
        public Keyed {
            words = List.copyOf(words);
        }
    }

    /** A constant as nft prints it: a number in decimal, an address, a symbol, an interface name. */
    record Value(String text) implements NftExpr { }

    /** A comma list of flag symbols: {@code ct state established,related}. */
    record Flags(List<String> names) implements NftExpr {
        public Flags {
            names = List.copyOf(names);
        }
    }

    record Prefix(NftExpr address, int length) implements NftExpr { }

    record Range(NftExpr low, NftExpr high) implements NftExpr { }

    /** {@code a . b . c}. */
    record Concat(List<NftExpr> parts) implements NftExpr {
        public Concat {
            parts = List.copyOf(parts);
        }
    }

    /** An anonymous set or map: {@code { 22, 80 }}, {@code { "lo" : accept }}. */
    record SetLiteral(List<NftElement> elements) implements NftExpr {
        public SetLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** A named set or map: {@code @blocklist}. */
    record SetRef(String name) implements NftExpr { }

    /** {@code &}, {@code |}, {@code ^}, {@code <<}, {@code >>}. */
    record Binop(String op, NftExpr left, NftExpr right) implements NftExpr { }

    /** {@code key map MAP}: the value a map gives for a key (for NAT targets, marks). */
    record MapLookup(NftExpr key, NftExpr map) implements NftExpr { }

    /** A verdict as a map's data: {@code accept}, {@code jump CHAIN}, {@code goto CHAIN}. */
    record Verdict(NftStmt.VerdictKind kind, String chain) implements NftExpr { }
}
