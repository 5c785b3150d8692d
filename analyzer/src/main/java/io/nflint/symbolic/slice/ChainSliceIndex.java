package io.nflint.symbolic.slice;

import io.nflint.ir.Ip;
import io.nflint.ir.Rule;
import io.nflint.pipeline.CallGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the rules of one long chain whose box overlaps a slice without scanning the chain: kube-proxy's
 * KUBE-SERVICES has one rule per service keyed by a cluster IP, KUBE-NODEPORTS one per node port. Rules
 * are filed under their single destination address, else their single destination port, else in a
 * rest list that every query scans.
 */
public final class ChainSliceIndex {

    private static final int MIN_INDEXED = 64;

    private final List<Rule> rules;
    private final Box[] boxes;
    private final Map<Ip, List<Integer>> byDst = new HashMap<>();
    private final Map<Integer, List<Integer>> byDport = new HashMap<>();
    private final List<Integer> rest = new ArrayList<>();
    private final boolean callsOthers;

    public ChainSliceIndex(List<Rule> rules, io.nflint.lower.LoweredRuleset lowered) {
        this.rules = rules;
        this.boxes = new Box[rules.size()];
        boolean calls = false;
        for (Rule r : rules) {
            calls |= CallGraph.callee(r.target()) != null;
        }
        this.callsOthers = calls;
        for (int i = 0; i < rules.size(); i++) {
            Box b = Box.of(lowered.get(rules.get(i)));
            boxes[i] = b;
            if (b == null) {
                continue;
            }
            if (b.singleDst() != null) {
                byDst.computeIfAbsent(b.singleDst(), k -> new ArrayList<>()).add(i);
            } else if (b.singleDport() >= 0) {
                byDport.computeIfAbsent(b.singleDport(), k -> new ArrayList<>()).add(i);
            } else {
                rest.add(i);
            }
        }
    }

    /** Whether any rule jumps or goes to a user chain (its encoding then depends on more than its own rules). */
    public boolean callsOthers() {
        return callsOthers;
    }

    public List<Rule> rules() {
        return rules;
    }

    public Box box(int i) {
        return boxes[i];
    }

    /** Positions, ascending, of the rules whose box overlaps the slice. */
    public int[] candidates(Slice slice) {
        if (rules.size() < MIN_INDEXED || slice.isAll()) {
            return filter(allPositions(), slice);
        }
        boolean allDst = false;
        boolean allDport = false;
        List<Integer> picked = new ArrayList<>(rest);
        for (Box q : slice.boxes()) {
            if (q.singleDst() != null) {
                picked.addAll(byDst.getOrDefault(q.singleDst(), List.of()));
            } else {
                allDst = true;
            }
            if (q.singleDport() >= 0) {
                picked.addAll(byDport.getOrDefault(q.singleDport(), List.of()));
            } else {
                allDport = true;
            }
        }
        if (allDst) {
            byDst.values().forEach(picked::addAll);
        }
        if (allDport) {
            byDport.values().forEach(picked::addAll);
        }
        int[] pos = picked.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        return filter(pos, slice);
    }

    private int[] allPositions() {
        int[] all = new int[rules.size()];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private int[] filter(int[] positions, Slice slice) {
        int[] out = new int[positions.length];
        int n = 0;
        for (int p : positions) {
            if (slice.overlaps(boxes[p])) {
                out[n++] = p;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
