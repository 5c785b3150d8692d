package io.nflint.symbolic.slice;

import io.nflint.ir.BuiltinChains;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.pipeline.CallGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The slice of packets that can get to each chain of one table: the union over the call paths of the
 * jumping rules' boxes (the {@link CallGraph} says who jumps where), which narrows every query about a
 * rule in that chain.
 */
public final class CallContexts {

    private final Table table;
    private final CallGraph graph;
    private final Map<String, Slice> slices = new HashMap<>();
    /** The rule set's rules lowered once, owned by whoever owns the rule set. */
    private final io.nflint.lower.LoweredRuleset lowered;

    public CallContexts(Ruleset rs, Table table, io.nflint.lower.LoweredRuleset lowered) {
        this.table = table;
        this.graph = CallGraph.of(rs.family(), table);
        this.lowered = lowered;
    }

    /** The table's call graph, which these contexts are folded over. */
    public CallGraph graph() {
        return graph;
    }

    private static final int MAX_CONTEXTS = 4096;
    private final Map<String, List<Box>> contexts = new HashMap<>();

    /**
     * The boxes of the call paths into {@code chain}, one per path (up to a limit, past which the
     * answer is "anything"): a rule in a chain jumped to from ten thousand places is asked about one
     * call path at a time, each a small slice, instead of all at once.
     */
    public List<Box> contexts(String chain) {
        return fold(chain, contexts, List.of(Box.ANY), contextsFold);
    }

    /** Marks a context list that grew past {@link #MAX_CONTEXTS}: the answer is then "anything". */
    private static final List<Box> TOO_MANY = List.of(Box.ANY);

    private final Fold<List<Box>, List<Box>> contextsFold = new Fold<>() {
        @Override
        public List<Box> start() {
            return new ArrayList<>();
        }

        @Override
        public List<Box> add(List<Box> out, Rule jump, List<Box> outers) {
            Box j = Box.of(lowered.get(jump));
            for (Box outer : outers) {
                Box b = j == null ? null : outer.intersect(j);
                if (b != null) {
                    out.add(b);
                }
            }
            return out.size() > MAX_CONTEXTS ? TOO_MANY : out;
        }

        @Override
        public boolean full(List<Box> out) {
            return out == TOO_MANY;
        }

        @Override
        public List<Box> finish(List<Box> out) {
            return List.copyOf(new java.util.LinkedHashSet<>(out));
        }
    };

    /** The packets that can enter {@code chain}; base chains see everything. */
    public Slice slice(String chain) {
        return fold(chain, slices, Slice.ALL, slicesFold);
    }

    private final Fold<Slice, Slice> slicesFold = new Fold<>() {
        @Override
        public Slice start() {
            return new Slice(List.of());
        }

        @Override
        public Slice add(Slice s, Rule jump, Slice outer) {
            return s.union(outer.within(Box.of(lowered.get(jump))));
        }

        @Override
        public boolean full(Slice s) {
            return s.isAll();
        }

        @Override
        public Slice finish(Slice s) {
            return s;
        }
    };

    /**
     * What a chain's callers contribute, folded over its call paths: {@code A} accumulates, {@code T}
     * is the answer per chain.
     */
    private interface Fold<A, T> {
        A start();

        /** Adds the caller {@code jump}, whose own chain's answer is {@code outer}. */
        A add(A acc, Rule jump, T outer);

        /** Nothing more can change the answer: the other callers are not asked. */
        boolean full(A acc);

        T finish(A acc);
    }

    /** One chain whose callers are being folded. */
    private static final class Frame<A> {
        final String chain;
        final List<Rule> callers;
        int next;
        A acc;

        Frame(String chain, List<Rule> callers, A acc) {
            this.chain = chain;
            this.callers = callers;
            this.acc = acc;
        }
    }

    /**
     * Folds the callers of {@code chain} depth first, with an explicit stack rather than recursion:
     * a jump path through thousands of chains would overflow the thread's stack. A built-in chain,
     * or a chain already on the path (a jump cycle), answers {@code open}; every chain finished is
     * remembered, in the order a recursive walk would finish it, so the answers are the same.
     */
    private <A, T> T fold(String chain, Map<String, T> memo, T open, Fold<A, T> f) {
        T known = known(chain, memo, open, Set.of());
        if (known != null) {
            return known;
        }
        Set<String> onPath = new HashSet<>();
        java.util.ArrayDeque<Frame<A>> stack = new java.util.ArrayDeque<>();
        onPath.add(chain);
        stack.push(new Frame<>(chain, graph.callers(chain), f.start()));
        T answer = null;
        while (true) {
            Frame<A> top = stack.peek();
            if (answer != null) {
                top.acc = f.add(top.acc, top.callers.get(top.next - 1), answer);
                answer = null;
            }
            if (!f.full(top.acc) && top.next < top.callers.size()) {
                Rule r = top.callers.get(top.next++);
                if (graph.hooks(r.chain()).isEmpty()) {
                    continue;
                }
                answer = known(r.chain(), memo, open, onPath);
                if (answer == null) {
                    onPath.add(r.chain());
                    stack.push(new Frame<>(r.chain(), graph.callers(r.chain()), f.start()));
                }
                continue;
            }
            stack.pop();
            onPath.remove(top.chain);
            T result = f.finish(top.acc);
            memo.put(top.chain, result);
            if (stack.isEmpty()) {
                return result;
            }
            answer = result;
        }
    }

    private <T> T known(String chain, Map<String, T> memo, T open, Set<String> onPath) {
        T known = memo.get(chain);
        if (known != null) {
            return known;
        }
        if (BuiltinChains.isBuiltin(io.nflint.ir.Family.IPV4, table.name(), chain) || onPath.contains(chain)) {
            return open;
        }
        return null;
    }
}
