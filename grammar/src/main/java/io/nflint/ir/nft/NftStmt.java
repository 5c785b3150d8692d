package io.nflint.ir.nft;

import io.nflint.ir.SourceSpan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An nft statement. Every statement has a span; a rule is a list of them. */
public sealed interface NftStmt {

    SourceSpan span();

    enum RelOp {
        /** nft's implicit operator on a bitmask type (ct state, tcp flags): any of the named flags. */
        IN("in"), EQ("=="), /** none of the named flags */ NOT("!"), NE("!="), LT("<"), GT(">"), LE("<="), GE(">=");

        private final String symbol;

        RelOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    enum VerdictKind {
        ACCEPT, DROP, CONTINUE, RETURN, JUMP, GOTO, QUEUE;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** True for verdicts that end the rule list of this chain for every packet reaching them. */
        public boolean endsChain() {
            return this != CONTINUE && this != JUMP;
        }
    }

    enum NatKind { SNAT, DNAT, MASQUERADE, REDIRECT }

    /** {@code left op right}: {@code tcp dport 22}, {@code ip saddr != @allow}. */
    record Match(NftExpr left, RelOp op, NftExpr right, SourceSpan span) implements NftStmt { }

    record Verdict(VerdictKind kind, Optional<String> chain, SourceSpan span) implements NftStmt { }

    /** {@code key vmap { … }} or {@code key vmap @map}. */
    record VerdictMap(NftExpr key, NftExpr map, SourceSpan span) implements NftStmt { }

    /** snat/dnat/masquerade/redirect; {@code family} is the {@code ip}/{@code ip6} of {@code dnat ip to}. */
    record Nat(NatKind kind, Optional<String> family, Optional<NftExpr> address, Optional<NftExpr> port,
               List<String> flags, SourceSpan span) implements NftStmt {
        public Nat {
            flags = List.copyOf(flags);
        }
    }

    /** {@code reject [with icmp|icmpv6|icmpx|tcp reset CODE]}. */
    record Reject(Optional<String> type, Optional<String> code, SourceSpan span) implements NftStmt { }

    /** {@code meta mark set EXPR}, {@code ct mark set …}: a field written for later rules and chains. */
    record Assign(NftExpr target, NftExpr value, SourceSpan span) implements NftStmt { }

    /** {@code add|update|delete @set { key [: data] }}: a rule that changes a set at run time. */
    record SetUpdate(String op, String set, NftExpr key, SourceSpan span) implements NftStmt { }

    /**
     * What nflint does not model, kept verbatim (whitespace collapsed): a JSON statement of a kind it
     * does not know. Engines treat it as "may". (A chain bound to a rule, {@code jump { … }}, is a
     * {@link Verdict} to a {@link NftChain#bound() bound} chain.)
     */
    record Unmodelled(String text, SourceSpan span) implements NftStmt { }

    /**
     * A statement with side effects only, by name with its options as nft names them: counter (its
     * counts left out: they are state, not configuration), log, limit, quota, notrack, queue, dup,
     * fwd, tproxy, synproxy, flow offload, xt (iptables-nft's compatibility expression).
     */
    record Action(String name, Map<String, String> options, SourceSpan span) implements NftStmt {
        public Action {
            options = Map.copyOf(options);
        }
    }
}
