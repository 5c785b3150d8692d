package io.nflint.lower.nft;

import io.nflint.ir.SourceSpan;
import io.nflint.ir.nft.NftStmt;
import io.nflint.ir.target.Target;
import io.nflint.lower.Pred;
import java.util.List;

/**
 * One nft statement lowered to what the engines execute: a test over fields, or an action. The
 * actions reuse the iptables targets where the kernel does the same thing (nft's {@code dnat to} is
 * the same {@code nf_nat_setup_info} as {@code -j DNAT}; {@code meta mark set} is MARK's
 * {@code (mark & ~mask) ^ value}), so the walker has one implementation of each.
 */
public sealed interface NftOp {

    SourceSpan span();

    /** A match: the rule goes on when it holds, and stops (the next rule runs) when it does not. */
    record Test(Pred pred, SourceSpan span) implements NftOp {
    }

    /** accept, drop, continue, return, queue, jump CHAIN, goto CHAIN; {@code chain} is null for the others. */
    record Verdict(NftStmt.VerdictKind kind, String chain, SourceSpan span) implements NftOp {
    }

    /** One element of a map: when the key matches it, its data. */
    record Entry<T>(Pred when, T data) {
    }

    /**
     * {@code key vmap …}: the verdict of the first element whose key the packet has; none: the rule
     * stops. {@code unknown} is non-null when the map's elements are not all known (a named map
     * filled at run time): the walker says "may" about its answer.
     */
    record VerdictMap(List<Entry<Verdict>> entries, String unknown, SourceSpan span) implements NftOp {
        public VerdictMap {
            entries = List.copyOf(entries);
        }
    }

    /**
     * snat, dnat, masquerade, redirect: the iptables target the statement means, per element of a
     * NAT map (a plain {@code dnat to ADDR} is one entry that always holds). None holds: the rule
     * stops. A NAT statement is a verdict: it accepts, and ends its base chain.
     */
    record Nat(NftStmt.NatKind kind, List<Entry<Target>> entries, String unknown, SourceSpan span) implements NftOp {
        public Nat {
            entries = List.copyOf(entries);
        }
    }

    /** {@code reject}: type {@code icmp}, {@code icmpv6}, {@code icmpx} or {@code tcp reset}, with nft's code. */
    record Reject(String type, String code, SourceSpan span) implements NftOp {

        /** The answer in the walker's (iptables') words for a packet of this family. */
        public String with(boolean v6) {
            if (type.equals("tcp reset")) {
                return "tcp-reset";
            }
            String c = code == null ? "port-unreachable" : code;
            if (v6) {
                return switch (c) {
                    case "admin-prohibited" -> "icmp6-adm-prohibited";
                    case "no-route", "net-unreachable" -> "icmp6-no-route";
                    case "addr-unreachable", "host-unreachable" -> "icmp6-addr-unreachable";
                    default -> "icmp6-port-unreachable";
                };
            }
            return switch (c) {
                case "no-route" -> "icmp-net-unreachable";
                case "prot-unreachable" -> "icmp-proto-unreachable";
                default -> "icmp-" + c;
            };
        }
    }

    /** {@code meta mark set …} / {@code ct mark set …}: a MARK or CONNMARK target. */
    record SetMark(Target target, SourceSpan span) implements NftOp {
    }

    /** {@code notrack}: the packet gets no conntrack entry. */
    record Notrack(SourceSpan span) implements NftOp {
    }

    /** counter, log, quota's bookkeeping, set updates: nothing the packet's fate depends on. */
    record SideEffect(String name, SourceSpan span) implements NftOp {
    }

    /**
     * A statement nflint does not model. {@code mayEnd}: it may take the packet (queue, synproxy,
     * tproxy, an unknown JSON statement), so the walker forks between "goes on" and "dropped";
     * otherwise it is assumed to change nothing, and the walk says so.
     */
    record Unknown(String text, String reason, boolean mayEnd, SourceSpan span) implements NftOp {
    }
}
