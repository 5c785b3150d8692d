package io.nflint.symbolic;

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
final class CallGraph {

    private final Table table;
    private final Map<String, List<Rule>> callers = new HashMap<>();
    private final Map<String, Set<Hook>> hooks = new HashMap<>();
    private final Map<String, Slice> slices = new HashMap<>();

    /** Depth of each chain below the nearest built-in chain (breadth first); absent when none reaches it. */
    private final Map<String, Integer> depth = new HashMap<>();

    CallGraph(Ruleset rs, Table table) {
        this.table = table;
        // chains by position, and each chain's distinct callees by position: kube-proxy tables have
        // tens of thousands of chains and a walk per hook over names and rules costs seconds
        List<Chain> chains = table.chains();
        Map<String, Integer> index = new HashMap<>(chains.size() * 2);
        for (int i = 0; i < chains.size(); i++) {
            index.putIfAbsent(chains.get(i).name(), i);
        }
        int[][] callees = new int[chains.size()][];
        for (int i = 0; i < chains.size(); i++) {
            Chain c = chains.get(i);
            Set<Integer> out = new java.util.LinkedHashSet<>();
            for (Rule r : c.rules()) {
                String callee = callee(r.target());
                if (callee != null) {
                    callers.computeIfAbsent(callee, k -> new ArrayList<>()).add(r);
                    Integer to = index.get(callee);
                    if (to != null) {
                        out.add(to);
                    }
                }
            }
            callees[i] = out.stream().mapToInt(Integer::intValue).toArray();
        }
        for (String base : BuiltinChains.chains(rs.family(), table.name())) {
            Hook h;
            try {
                h = Hook.valueOf(base);
            } catch (IllegalArgumentException e) {
                continue;
            }
            hooks.computeIfAbsent(base, k -> EnumSet.noneOf(Hook.class)).add(h);
            Integer from = index.get(base);
            if (from == null) {
                continue;
            }
            boolean[] seen = new boolean[chains.size()];
            int[] work = new int[chains.size()];
            int top = 0;
            work[top++] = from;
            seen[from] = true;
            while (top > 0) {
                int c = work[--top];
                hooks.computeIfAbsent(chains.get(c).name(), k -> EnumSet.noneOf(Hook.class)).add(h);
                for (int next : callees[c]) {
                    if (!seen[next]) {
                        seen[next] = true;
                        work[top++] = next;
                    }
                }
            }
        }
        int[] level = new int[chains.size()];
        java.util.Arrays.fill(level, -1);
        int[] queue = new int[chains.size()];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < chains.size(); i++) {
            if (chains.get(i).builtin() && level[i] < 0) {
                level[i] = 0;
                queue[tail++] = i;
            }
        }
        while (head < tail) {
            int c = queue[head++];
            for (int next : callees[c]) {
                if (level[next] < 0) {
                    level[next] = level[c] + 1;
                    queue[tail++] = next;
                }
            }
        }
        for (int i = 0; i < chains.size(); i++) {
            if (level[i] >= 0) {
                depth.putIfAbsent(chains.get(i).name(), level[i]);
            }
        }
    }

    /** Chains no built-in chain reaches within {@code maxDepth} jumps. */
    Set<String> deeperThan(int maxDepth) {
        Set<String> out = new java.util.LinkedHashSet<>();
        depth.forEach((name, d) -> {
            if (d > maxDepth) {
                out.add(name);
            }
        });
        return out;
    }

    static String callee(Target t) {
        if (t instanceof Jump j) {
            return j.chain();
        }
        if (t instanceof Goto g) {
            return g.chain();
        }
        return null;
    }

    Set<Hook> hooks(String chain) {
        return hooks.getOrDefault(chain, Set.of());
    }

    List<Rule> callers(String chain) {
        return callers.getOrDefault(chain, List.of());
    }

    private static final int MAX_CONTEXTS = 4096;
    private final Map<String, List<Box>> contexts = new HashMap<>();

    /**
     * The boxes of the call paths into {@code chain}, one per path (up to a limit, past which the
     * answer is "anything"): a rule in a chain jumped to from ten thousand places is asked about one
     * call path at a time, each a small slice, instead of all at once.
     */
    List<Box> contexts(String chain) {
        return contexts(chain, new HashSet<>());
    }

    private List<Box> contexts(String chain, Set<String> visiting) {
        List<Box> known = contexts.get(chain);
        if (known != null) {
            return known;
        }
        if (BuiltinChains.isBuiltin(io.nflint.ir.Family.IPV4, table.name(), chain) || !visiting.add(chain)) {
            return List.of(Box.ANY);
        }
        List<Box> out = new ArrayList<>();
        for (Rule r : callers(chain)) {
            if (hooks(r.chain()).isEmpty()) {
                continue;
            }
            Box jump = Box.of(r);
            for (Box outer : contexts(r.chain(), visiting)) {
                Box b = jump == null ? null : outer.intersect(jump);
                if (b != null) {
                    out.add(b);
                }
            }
            if (out.size() > MAX_CONTEXTS) {
                out = List.of(Box.ANY);
                break;
            }
        }
        visiting.remove(chain);
        List<Box> result = List.copyOf(new java.util.LinkedHashSet<>(out));
        contexts.put(chain, result);
        return result;
    }

    /** The packets that can enter {@code chain}; base chains see everything. */
    Slice slice(String chain) {
        return slice(chain, new HashSet<>());
    }

    private Slice slice(String chain, Set<String> visiting) {
        Slice known = slices.get(chain);
        if (known != null) {
            return known;
        }
        if (BuiltinChains.isBuiltin(io.nflint.ir.Family.IPV4, table.name(), chain) || !visiting.add(chain)) {
            return Slice.ALL;
        }
        Slice s = new Slice(List.of());
        for (Rule r : callers(chain)) {
            if (hooks(r.chain()).isEmpty()) {
                continue;
            }
            s = s.union(slice(r.chain(), visiting).within(Box.of(r)));
            if (s.isAll()) {
                break;
            }
        }
        visiting.remove(chain);
        slices.put(chain, s);
        return s;
    }
}
