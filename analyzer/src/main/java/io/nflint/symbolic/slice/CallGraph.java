package io.nflint.symbolic.slice;

import io.nflint.ir.BuiltinChains;
import io.nflint.ir.Chain;
import io.nflint.ir.Rule;
import io.nflint.ir.Ruleset;
import io.nflint.ir.Table;
import io.nflint.ir.target.Goto;
import io.nflint.ir.target.Jump;
import io.nflint.ir.target.Target;
import io.nflint.pipeline.Hook;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who jumps where in one table: the base hooks from which each chain can be entered, the rules that
 * jump to it, and the slice of packets that can get there (the union over the call paths of the
 * jumping rules' boxes), which narrows every query about a rule in that chain.
 */
public final class CallGraph {

    private final Table table;
    private final List<Chain> chains;
    /** Chain name to position (the first chain of a name, as iptables keeps one). */
    private final Map<String, Integer> index;
    /** Each chain's distinct callees by position. */
    private final int[][] callees;
    /** Per chain, one bit per {@link Hook} ordinal from which it can be entered. */
    private final int[] hookBits;
    /** Depth of each chain below the nearest built-in chain (breadth first); -1 when none reaches it. */
    private final int[] level;
    private Map<String, List<Rule>> callers;
    private final Map<String, Slice> slices = new HashMap<>();

    public CallGraph(Ruleset rs, Table table) {
        this.table = table;
        // chains by position, and each chain's distinct callees by position: kube-proxy tables have
        // tens of thousands of chains, and maps of names, sets and boxed positions cost more than
        // the walks themselves
        this.chains = table.chains();
        int n = chains.size();
        this.index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.putIfAbsent(chains.get(i).name(), i);
        }
        this.callees = new int[n][];
        int[] mark = new int[n];
        int[] buf = new int[16];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (Rule r : chains.get(i).rules()) {
                String callee = callee(r.target());
                Integer to = callee == null ? null : index.get(callee);
                if (to != null && mark[to] != i + 1) {
                    mark[to] = i + 1;
                    if (k == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, k * 2);
                    }
                    buf[k++] = to;
                }
            }
            callees[i] = k == 0 ? NONE : java.util.Arrays.copyOf(buf, k);
        }
        this.hookBits = new int[n];
        int[] work = new int[n];
        for (String base : BuiltinChains.chains(rs.family(), table.name())) {
            Hook h;
            try {
                h = Hook.valueOf(base);
            } catch (IllegalArgumentException e) {
                continue;
            }
            Integer from = index.get(base);
            if (from == null) {
                baseNames.put(base, h);
                continue;
            }
            int bit = 1 << h.ordinal();
            int top = 0;
            work[top++] = from;
            hookBits[from] |= bit;
            while (top > 0) {
                int c = work[--top];
                for (int next : callees[c]) {
                    if ((hookBits[next] & bit) == 0) {
                        hookBits[next] |= bit;
                        work[top++] = next;
                    }
                }
            }
        }
        this.level = new int[n];
        java.util.Arrays.fill(level, -1);
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (chains.get(i).builtin() && level[i] < 0) {
                level[i] = 0;
                work[tail++] = i;
            }
        }
        while (head < tail) {
            int c = work[head++];
            for (int next : callees[c]) {
                if (level[next] < 0) {
                    level[next] = level[c] + 1;
                    work[tail++] = next;
                }
            }
        }
    }

    private static final int[] NONE = new int[0];
    /** Base chains of the table that the dump does not declare: they still have their hook. */
    private final Map<String, Hook> baseNames = new HashMap<>();
    @SuppressWarnings("unchecked")
    private final Set<Hook>[] hookSets = new Set[1 << Hook.values().length];

    /** Chains no built-in chain reaches within {@code maxDepth} jumps. */
    public Set<String> deeperThan(int maxDepth) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < level.length; i++) {
            if (level[i] > maxDepth && index.get(chains.get(i).name()) == i) {
                out.add(chains.get(i).name());
            }
        }
        return out;
    }

    public static String callee(Target t) {
        if (t instanceof Jump j) {
            return j.chain();
        }
        if (t instanceof Goto g) {
            return g.chain();
        }
        return null;
    }

    public Set<Hook> hooks(String chain) {
        Integer i = index.get(chain);
        int bits;
        if (i != null) {
            bits = hookBits[i];
        } else {
            Hook h = baseNames.get(chain);
            bits = h == null ? 0 : 1 << h.ordinal();
        }
        Set<Hook> set = hookSets[bits];
        if (set == null) {
            EnumSet<Hook> e = EnumSet.noneOf(Hook.class);
            for (Hook h : Hook.values()) {
                if ((bits & (1 << h.ordinal())) != 0) {
                    e.add(h);
                }
            }
            set = java.util.Collections.unmodifiableSet(e);
            hookSets[bits] = set;
        }
        return set;
    }

    public List<Rule> callers(String chain) {
        if (callers == null) {
            Map<String, List<Rule>> m = new HashMap<>();
            for (Chain c : chains) {
                for (Rule r : c.rules()) {
                    String callee = callee(r.target());
                    if (callee != null) {
                        m.computeIfAbsent(callee, k -> new ArrayList<>()).add(r);
                    }
                }
            }
            callers = m;
        }
        return callers.getOrDefault(chain, List.of());
    }

    private static final int MAX_CONTEXTS = 4096;
    private final Map<String, List<Box>> contexts = new HashMap<>();

    /**
     * The boxes of the call paths into {@code chain}, one per path (up to a limit, past which the
     * answer is "anything"): a rule in a chain jumped to from ten thousand places is asked about one
     * call path at a time, each a small slice, instead of all at once.
     */
    public List<Box> contexts(String chain) {
        return fold(chain, contexts, List.of(Box.ANY), CONTEXTS);
    }

    /** Marks a context list that grew past {@link #MAX_CONTEXTS}: the answer is then "anything". */
    private static final List<Box> TOO_MANY = List.of(Box.ANY);

    private static final Fold<List<Box>, List<Box>> CONTEXTS = new Fold<>() {
        @Override
        public List<Box> start() {
            return new ArrayList<>();
        }

        @Override
        public List<Box> add(List<Box> out, Rule jump, List<Box> outers) {
            Box j = Box.of(jump);
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
        return fold(chain, slices, Slice.ALL, SLICES);
    }

    private static final Fold<Slice, Slice> SLICES = new Fold<>() {
        @Override
        public Slice start() {
            return new Slice(List.of());
        }

        @Override
        public Slice add(Slice s, Rule jump, Slice outer) {
            return s.union(outer.within(Box.of(jump)));
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
        stack.push(new Frame<>(chain, callers(chain), f.start()));
        T answer = null;
        while (true) {
            Frame<A> top = stack.peek();
            if (answer != null) {
                top.acc = f.add(top.acc, top.callers.get(top.next - 1), answer);
                answer = null;
            }
            if (!f.full(top.acc) && top.next < top.callers.size()) {
                Rule r = top.callers.get(top.next++);
                if (hooks(r.chain()).isEmpty()) {
                    continue;
                }
                answer = known(r.chain(), memo, open, onPath);
                if (answer == null) {
                    onPath.add(r.chain());
                    stack.push(new Frame<>(r.chain(), callers(r.chain()), f.start()));
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
