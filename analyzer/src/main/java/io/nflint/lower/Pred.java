package io.nflint.lower;

import io.nflint.ir.Direction;
import io.nflint.ir.RawOption;
import io.nflint.ir.SourceSpan;
import java.util.List;

/**
 * A lowered match: a formula over {@link Field}s in Kleene's three-valued logic. Conjunctions and
 * disjunctions are evaluated in order (the walker stops at the first FALSE, and the reasons of the
 * "may" parts before it are what a fork reports).
 */
public sealed interface Pred {

    /** Always true or always false (a comment, {@code recent --set}, {@code statistic --probability 1}). */
    record Const(boolean value) implements Pred {
        public static final Const TRUE = new Const(true);
        public static final Const FALSE = new Const(false);
    }

    /**
     * The field has one of the values; false when the packet has no such field. {@code at} is the
     * option that wrote it when a module has several (null when it is the whole match), so that a
     * finding can point at {@code --dport 80} rather than at {@code -m tcp}.
     */
    record Test(Field field, Values values, SourceSpan at) implements Pred {
        public Test(Field field, Values values) {
            this(field, values, null);
        }

        /** Where a test was written does not change what it tests: readers compare tests by meaning. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Test t && field == t.field && values.equals(t.values);
        }

        @Override
        public int hashCode() {
            return field.hashCode() * 31 + values.hashCode();
        }
    }

    /** The field has a value at all (a bridge port, a conntrack entry). */
    record Present(Field field) implements Pred {
    }

    record Not(Pred pred) implements Pred {
    }

    record All(List<Pred> preds) implements Pred {
        public All {
            preds = List.copyOf(preds);
        }
    }

    record Any(List<Pred> preds) implements Pred {
        public Any {
            preds = List.copyOf(preds);
        }
    }

    /**
     * A condition the kernel guarantees through the rule's own {@code -p} (xt_tcp, xt_udp and
     * xt_multiport refuse to load without it): the walker checks it on its packet; the symbolic engine
     * relies on the rule's protocol match and leaves it out of the formula.
     */
    record Implied(Pred pred) implements Pred {
    }

    /**
     * Membership of the packet's fields in an ipset: {@code dims} name, per dimension of the set's
     * type, which side of the packet to read (ipset {@code hash:ip,port} with {@code src,dst} is the
     * concatenation ip saddr . th dport). Counter options are not modelled: a match they could
     * veto is "may".
     */
    record SetLookup(String set, List<Direction> dims, boolean negated, List<RawOption> counters) implements Pred {
        public SetLookup {
            dims = List.copyOf(dims);
            counters = List.copyOf(counters);
        }
    }

    /**
     * What nflint cannot decide from the packet and the dump: "may" in both engines. {@code reason}
     * is the sentence findings and forks print.
     */
    record Opaque(String text, String reason) implements Pred {
    }

    /**
     * The value {@code absent} when the packet has no {@code field} (no local socket: {@code -m owner}
     * fails), else {@code present}.
     */
    record IfAbsent(Field field, boolean absent, Pred present) implements Pred {
    }

    static Pred not(Pred p, boolean negated) {
        return negated ? new Not(p) : p;
    }
}
